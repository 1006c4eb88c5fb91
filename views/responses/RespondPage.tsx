import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { ResponseForm, type ResponseFormView } from './parts.js';

type Props = { ctx: ViewContext; idea: { id: string; title: string }; form: ResponseFormView };

/**
 * The answer form on a page of its own: where a refused answer (422) lands without JavaScript,
 * with the text as typed and the error summary. With htmx the idea page's section re-renders instead.
 */
export function RespondPage({ ctx, idea, form }: Props) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={`${t('responses.form.title')} · ${idea.title}`}>
      <div class="narrow" id="responses">
        <p class="breadcrumb">
          <a href={`/ideas/${idea.id}#responses`}>{t('responses.form.back', { title: idea.title })}</a>
        </p>
        <ResponseForm ctx={ctx} form={form} headingLevel={1} />
      </div>
    </Page>
  );
}
