import type { MessageKey, Params } from '../../src/i18n/index.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';

type Props = { ctx: ViewContext; title: MessageKey; body: MessageKey; params?: Params };

export function ErrorPage({ ctx, title, body, params }: Props) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t(title)}>
      <h1>{t(title)}</h1>
      <p>{t(body, params)}</p>
      <p>
        <a href="/">{t('error.home')}</a>
      </p>
    </Page>
  );
}
