import type { MessageKey, T } from '../../src/i18n/index.js';
import { Field, type FormErrors, type FormValues } from '../components/Form.js';
import { FormPage } from '../layout/FormPage.js';
import type { ViewContext } from '../layout/types.js';
import { topicName, type TopicView } from './parts.js';

type Props = {
  ctx: ViewContext;
  mode: 'create' | 'edit';
  action: string;
  /** The council (create) or the challenge's current title (edit), for the heading. */
  heading: string;
  values: FormValues;
  /** Checked topic ids (as strings, as the form sends them). */
  selectedTopics: string[];
  topics: (TopicView & { id: number })[];
  errors?: FormErrors | undefined;
  cancelHref: string;
  /** Editing a published challenge keeps a history entry. */
  published?: boolean;
  /** "Hide support counts" is on and may not be switched off during the vote: shown ticked, locked, and why. */
  hideCountsLocked?: boolean;
};

const DATES = [
  ['submissionsOpenAt', true],
  ['submissionsCloseAt', true],
  ['votingOpenAt', false],
  ['votingCloseAt', false],
  ['judgingCloseAt', false],
  ['resultsAt', false],
] as const;

/**
 * A ticked-or-not setting with its hint (and an error only a forged value can cause). `locked`
 * says why it cannot be changed now: the box is shown ticked and disabled, and a hidden field
 * sends it as it is.
 */
function Checkbox(p: { t: T; name: string; label: string; hint: string; checked: boolean; error: MessageKey | undefined; locked?: string | undefined }) {
  const { t, name, label, hint, error, locked } = p;
  const describedBy = [`${name}-hint`, locked ? `${name}-locked` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      {error && (
        <p class="error-message" id={`${name}-error`}>
          {t(error)}
        </p>
      )}
      {locked && <input type="hidden" name={name} value="on" />}
      <label class="choice" for={name}>
        <input
          type="checkbox"
          id={name}
          name={locked ? undefined : name}
          checked={locked ? true : p.checked}
          disabled={locked ? true : undefined}
          aria-describedby={describedBy}
          aria-invalid={error ? 'true' : undefined}
        />{' '}
        {label}
      </label>
      <p class="hint setting-hint" id={`${name}-hint`}>
        {hint}
      </p>
      {locked && (
        <p class="hint setting-locked" id={`${name}-locked`}>
          {locked}
        </p>
      )}
    </div>
  );
}

/** The whole challenge on one page, in fieldsets; dates are London wall-clock time (see src/features/challenges/dates.ts). */
export function ChallengeFormPage({ ctx, mode, action, heading, values, selectedTopics, topics, errors, cancelHref, published, hideCountsLocked }: Props) {
  const { t, locale } = ctx;
  const title = mode === 'create' ? t('challenges.form.create.title', { organisation: heading }) : t('challenges.form.edit.title', { title: heading });
  const e = (k: string) => errors?.[k];
  return (
    <FormPage
      ctx={ctx}
      title={title}
      errors={errors}
      intro={<p>{mode === 'create' ? t('challenges.form.create.lead') : published ? t('challenges.form.edit.publishedLead') : t('challenges.form.edit.lead')}</p>}
      action={action}
      submit={mode === 'create' ? t('challenges.form.create.submit') : t('form.save')}
      cancelHref={cancelHref}
    >
      {values['submissionKey'] !== undefined && <input type="hidden" name="submissionKey" value={values['submissionKey']} />}
      <fieldset>
        <legend>{t('challenges.form.about')}</legend>
        <Field t={t} name="title" label={t('challenges.field.title')} value={values['title']} error={e('title')} maxLength={120} required />
        <Field t={t} name="summary" type="textarea" rows={3} label={t('challenges.field.summary')} hint={t('challenges.form.summary.hint')} value={values['summary']} error={e('summary')} maxLength={300} required />
        <Field t={t} name="brief" type="textarea" rows={12} label={t('challenges.field.brief')} hint={t('challenges.form.brief.hint')} value={values['brief']} error={e('brief')} maxLength={20000} required={false} />
        <fieldset class={`field${e('topics') ? ' field-error' : ''}`} id="topics" tabindex={-1}>
          <legend>
            {t('challenges.field.topics')} <span class="optional">{t('form.optional')}</span>
          </legend>
          {e('topics') && <p class="error-message">{t(e('topics')!)}</p>}
          <div class="topic-choices">
            {topics.map((tp) => (
              <label class="choice">
                <input type="checkbox" name="topics" value={String(tp.id)} checked={selectedTopics.includes(String(tp.id))} /> {topicName(tp, locale)}
              </label>
            ))}
          </div>
        </fieldset>
      </fieldset>
      <fieldset>
        <legend>{t('challenges.form.terms')}</legend>
        <Field t={t} name="rules" type="textarea" rows={5} label={t('challenges.field.rules')} hint={t('challenges.form.rules.hint')} value={values['rules']} error={e('rules')} maxLength={5000} required={false} />
        <Field t={t} name="prize" type="textarea" rows={3} label={t('challenges.field.prize')} hint={t('challenges.form.prize.hint')} value={values['prize']} error={e('prize')} maxLength={2000} required={false} />
        <Field t={t} name="voteBudget" type="number" min={1} max={50} label={t('challenges.field.voteBudget')} hint={t('challenges.form.voteBudget.hint')} value={values['voteBudget']} error={e('voteBudget')} required />
        <Checkbox t={t} name="confirmRules" label={t('challenges.field.confirmRules')} hint={t('challenges.form.confirmRules.hint')} checked={values['confirmRules'] === 'on'} error={e('confirmRules')} />
      </fieldset>
      <fieldset>
        <legend>{t('challenges.form.supporting')}</legend>
        <Checkbox t={t} name="selfSupport" label={t('challenges.field.selfSupport')} hint={t('challenges.form.selfSupport.hint')} checked={values['selfSupport'] === 'on'} error={e('selfSupport')} />
        <Checkbox
          t={t}
          name="hideCounts"
          label={t('challenges.field.hideCounts')}
          hint={t('challenges.form.hideCounts.hint')}
          checked={values['hideCounts'] === 'on'}
          error={e('hideCounts')}
          locked={hideCountsLocked ? t('challenges.form.hideCounts.locked') : undefined}
        />
      </fieldset>
      <fieldset>
        <legend>{t('challenges.form.responses')}</legend>
        <p class="hint">{t('challenges.form.responses.hint')}</p>
        <Field t={t} name="responseDays" type="number" min={1} max={365} label={t('challenges.field.responseDays')} hint={t('challenges.form.responseDays.hint')} value={values['responseDays']} error={e('responseDays')} required={false} />
        <Field t={t} name="responseThreshold" type="number" min={1} max={100000} label={t('challenges.field.responseThreshold')} hint={t('challenges.form.responseThreshold.hint')} value={values['responseThreshold']} error={e('responseThreshold')} required={false} />
      </fieldset>
      <fieldset>
        <legend>{t('challenges.form.discussion')}</legend>
        <Field t={t} name="commentPolicy" type="textarea" rows={5} label={t('challenges.field.commentPolicy')} hint={t('challenges.form.commentPolicy.hint')} value={values['commentPolicy']} error={e('commentPolicy')} maxLength={2000} required={false} />
        <Field t={t} name="commentPolicyFr" type="textarea" rows={5} label={t('challenges.field.commentPolicyFr')} hint={t('challenges.form.commentPolicyFr.hint')} value={values['commentPolicyFr']} error={e('commentPolicyFr')} maxLength={2000} required={false} />
        <fieldset class={`field${e('premoderation') ? ' field-error' : ''}`} id="premoderation" tabindex={-1} aria-describedby="premoderation-hint">
          <legend>{t('challenges.field.premoderation')}</legend>
          <p class="hint" id="premoderation-hint">
            {t('challenges.form.premoderation.hint')}
          </p>
          {(['off', 'ideas', 'ideasAndComments'] as const).map((v) => (
            <label class="choice">
              <input type="radio" name="premoderation" value={v} checked={(values['premoderation'] || 'off') === v} /> {t(`challenges.premoderation.${v}`)}
            </label>
          ))}
        </fieldset>
      </fieldset>
      <fieldset>
        <legend>{t('challenges.form.dates')}</legend>
        <p class="hint">{t('challenges.form.dates.hint')}</p>
        {DATES.map(([name, required]) => (
          <Field t={t} name={name} type="datetime-local" label={t(`challenges.field.${name}`)} value={values[name]} error={e(name)} required={required} />
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('challenges.form.french')}</legend>
        <p class="hint">{t('challenges.form.french.hint')}</p>
        <Field t={t} name="titleFr" label={t('challenges.field.titleFr')} value={values['titleFr']} error={e('titleFr')} maxLength={120} required={false} />
        <Field t={t} name="summaryFr" type="textarea" rows={3} label={t('challenges.field.summaryFr')} value={values['summaryFr']} error={e('summaryFr')} maxLength={300} required={false} />
        <Field t={t} name="briefFr" type="textarea" rows={8} label={t('challenges.field.briefFr')} value={values['briefFr']} error={e('briefFr')} maxLength={20000} required={false} />
      </fieldset>
    </FormPage>
  );
}
