import { isLocale, type Locale } from '../../src/i18n/index.js';
import { contentLang } from '../../src/i18n/localise.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { CsrfField } from '../components/CsrfField.js';
import { Honeypot } from '../components/Honeypot.js';
import { ErrorSummary, Field, type FormErrors, type FormValues } from '../components/Form.js';
import { Localised } from '../components/Localised.js';
import { LanguageSelect } from '../components/LanguageSelect.js';
import { Markdown } from '../components/Markdown.js';
import { topicName } from '../challenges/parts.js';
import { SimilarIdeas, type SimilarIdeaView, type TopicView } from './parts.js';

type Props = {
  ctx: ViewContext;
  mode: 'new' | 'edit';
  action: string;
  /** The English title and the council's French one, if any (shown by the reader's language). */
  challenge: { id: string; title: string; titleFr: string | null; confirmRules?: boolean };
  values: FormValues;
  /** Checked topic ids. */
  checkedTopics: number[];
  errors?: FormErrors | undefined;
  topics: TopicView[];
  /** Partner organisations the person may submit for (new ideas only). */
  organisations: { organisationId: string; name: string }[];
  similar: SimilarIdeaView[];
  /** Rendered (sanitised) description when Preview was pressed. */
  previewHtml?: string | undefined;
  /** The idea is a draft (edit: offer nothing else; new: n/a). */
  isDraft?: boolean;
  cancelHref: string;
};

export function IdeaFormPage(p: Props) {
  const { ctx, values, errors } = p;
  const { t } = ctx;
  const title = p.mode === 'new' ? t('ideas.new.title') : t('ideas.edit.title');
  const titleError = errors?.['title'];
  return (
    <Page ctx={ctx} title={title}>
      <div class="narrow">
        <p class="breadcrumb">
          <Localised as="a" href={`/challenges/${p.challenge.id}`} locale={ctx.locale} en={p.challenge.title} fr={p.challenge.titleFr} />
        </p>
        <h1>{title}</h1>
        <ErrorSummary
          t={t}
          errors={errors}
          labels={{ title: t('ideas.form.title'), summary: t('ideas.form.summary'), description: t('ideas.form.description'), topics: t('ideas.form.topics'), organisationId: t('ideas.form.onBehalf'), language: t('content.language.label'), rulesConfirmed: t('ideas.rules.confirm') }}
        />
        {p.mode === 'new' && <p>{t('ideas.new.lead')}</p>}
        <div id="idea-preview" aria-live="polite">
          {p.previewHtml !== undefined && (
            <IdeaPreview ctx={ctx} title={values['title'] ?? ''} summary={values['summary'] ?? ''} html={p.previewHtml} language={isLocale(values['language']) ? values['language'] : undefined} />
          )}
        </div>
        <form method="post" action={p.action} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Honeypot t={ctx.t} />
          {p.mode === 'new' && <input type="hidden" name="submissionKey" value={values['submissionKey'] ?? ''} />}
          <div class={`field${titleError ? ' field-error' : ''}`}>
            <label for="title">{t('ideas.form.title')}</label>
            <p class="hint" id="title-hint">
              {t('ideas.form.title.hint')}
            </p>
            {titleError && (
              <p class="error-message" id="title-error">
                {t(titleError)}
              </p>
            )}
            <input
              type="text"
              id="title"
              name="title"
              value={values['title'] ?? ''}
              maxlength={140}
              required
              aria-describedby={titleError ? 'title-hint title-error' : 'title-hint'}
              aria-invalid={titleError ? 'true' : undefined}
              data-hx-get={`/challenges/${p.challenge.id}/ideas/similar`}
              data-hx-trigger="input changed delay:400ms"
              data-hx-target="#similar-ideas"
              data-hx-swap="outerHTML"
            />
          </div>
          <SimilarIdeas ctx={ctx} items={p.similar} />
          <Field t={t} name="summary" type="textarea" rows={3} label={t('ideas.form.summary')} hint={t('ideas.form.summary.hint')} value={values['summary']} error={errors?.['summary']} maxLength={300} required />
          <Field
            t={t}
            name="description"
            type="textarea"
            rows={12}
            label={t('ideas.form.description')}
            hint={t('ideas.form.description.hint')}
            value={values['description']}
            error={errors?.['description']}
            maxLength={20000}
            required={false}
          />
          <LanguageSelect t={t} locale={ctx.locale} id="language" selected={values['language']} error={errors?.['language']} />
          <fieldset class={`field${errors?.['topics'] ? ' field-error' : ''}`} id="topics" tabindex={-1}>
            <legend>
              {t('ideas.form.topics')} <span class="optional">{t('form.optional')}</span>
            </legend>
            {errors?.['topics'] && <p class="error-message">{t(errors['topics'])}</p>}
            <div class="topic-choices">
              {p.topics.map((tp) => (
                <label class="choice">
                  <input type="checkbox" name="topics" value={String(tp.id)} checked={p.checkedTopics.includes(tp.id)} /> {topicName(tp, ctx.locale)}
                </label>
              ))}
            </div>
          </fieldset>
          {p.mode === 'new' && p.organisations.length > 0 && (
            <div class={`field${errors?.['organisationId'] ? ' field-error' : ''}`}>
              <label for="organisationId">{t('ideas.form.onBehalf')}</label>
              {errors?.['organisationId'] && <p class="error-message">{t(errors['organisationId'])}</p>}
              <select id="organisationId" name="organisationId">
                <option value="">{t('ideas.form.onBehalf.self')}</option>
                {p.organisations.map((o) => (
                  <option value={o.organisationId} selected={values['organisationId'] === o.organisationId}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {p.mode === 'new' && p.challenge.confirmRules && (
            <div class={`field${errors?.['rulesConfirmed'] ? ' field-error' : ''}`}>
              {errors?.['rulesConfirmed'] && (
                <p class="error-message" id="rulesConfirmed-error">
                  {t(errors['rulesConfirmed'])}
                </p>
              )}
              <label class="choice" for="rulesConfirmed">
                <input type="checkbox" id="rulesConfirmed" name="rulesConfirmed" value="yes" checked={values['rulesConfirmed'] === 'yes'} aria-describedby={errors?.['rulesConfirmed'] ? 'rulesConfirmed-error' : undefined} />{' '}
                {t('ideas.rules.confirm')}{' '}
                <a href={`/challenges/${p.challenge.id}#rubric-title`}>{t('ideas.rules.read')}</a>
              </label>
            </div>
          )}
          <div class="form-actions">
            <button type="submit" name="intent" value="preview" class="button button-secondary" data-hx-post="/ideas/preview" data-hx-target="#idea-preview" data-hx-swap="innerHTML">
              {t('ideas.form.preview')}
            </button>{' '}
            {p.mode === 'new' ? (
              <>
                <button type="submit" name="intent" value="draft" class="button button-secondary">
                  {t('ideas.form.draft')}
                </button>{' '}
                <button type="submit" name="intent" value="publish" class="button">
                  {t('ideas.form.publish')}
                </button>
              </>
            ) : (
              <button type="submit" name="intent" value="save" class="button">
                {t('form.save')}
              </button>
            )}{' '}
            <a href={p.cancelHref}>{t('form.cancel')}</a>
          </div>
        </form>
      </div>
    </Page>
  );
}

/**
 * The idea as it will read: the same block whether the whole form was posted (no JavaScript) or
 * htmx fetched it into #idea-preview (the form's values are sent with the button's POST). It takes
 * the focus when it appears (htmx focuses [autofocus] in what it swaps in; a page load does too),
 * so it is scrolled into view and heard rather than left off-screen.
 */
export function IdeaPreview({ ctx, title, summary, html, language }: { ctx: ViewContext; title: string; summary: string; html: string; language?: Locale | undefined }) {
  const lang = contentLang(language, ctx.locale);
  return (
    <section class="idea-preview card" aria-labelledby="preview-title" tabindex={-1} autofocus>
      <h2 id="preview-title">{ctx.t('ideas.preview.title')}</h2>
      <h3 lang={lang}>{title}</h3>
      <p lang={lang}>{summary}</p>
      <Markdown html={html} lang={lang} />
    </section>
  );
}
