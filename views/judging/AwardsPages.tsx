import { ButtonForm } from '../components/ButtonForm.js';
import { CsrfField } from '../components/CsrfField.js';
import { ErrorSummary, Field, SubmitButton, type FormErrors, type FormValues } from '../components/Form.js';
import { Markdown } from '../components/Markdown.js';
import { Select } from '../components/Select.js';
import { Time } from '../components/Time.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import type { Locale, T } from '../../src/i18n/index.js';
import { JudgingNav } from './StaffPages.js';

type ChallengeRef = { id: string; title: string };

/** An award as staff see it; `citationHtml` comes from renderMarkdown (sanitised). */
export type AwardView = { id: string; ideaId: string; ideaTitle: string; kind: 'place' | 'mention' | 'people'; place: number | null; citation: string; citationHtml: string; citationFr: string | null; prize: string; prizeFr: string | null };
/** An idea an award can go to, as the form's list shows it (its rank and final on the scoreboard, when scored). */
export type AwardableView = { id: string; label: string };

/** 1st, 2nd, 3rd, 11th… in English; 1re, 2e… in French (a place is feminine). */
export function ordinal(locale: Locale, n: number): string {
  if (locale === 'fr') return n === 1 ? '1re' : `${n}e`;
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** "1st place", "People's choice", "Special mention". */
export const awardName = (t: T, locale: Locale, a: { kind: 'place' | 'mention' | 'people'; place: number | null }) =>
  a.kind === 'place' ? t('judging.award.placeName', { ordinal: ordinal(locale, a.place ?? 0) }) : t(`judging.award.kind.${a.kind}`);

/** The award form's fields (adding and changing share them); `announced`: a change is a correction and needs a reason. */
function AwardFields({ ctx, ideas, values, errors, announced }: { ctx: ViewContext; ideas: readonly AwardableView[]; values: FormValues; errors: FormErrors | undefined; announced: boolean }) {
  const { t } = ctx;
  return (
    <>
      <fieldset class={`field${errors?.['kind'] ? ' field-error' : ''}`} id="kind" tabindex={-1}>
        <legend>{t('judging.award.kind')}</legend>
        {errors?.['kind'] && <p class="error-message">{t(errors['kind'])}</p>}
        {(['place', 'mention', 'people'] as const).map((k) => (
          <label class="choice">
            <input type="radio" name="kind" value={k} checked={(values['kind'] ?? 'place') === k} /> {t(`judging.award.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <Field t={t} name="place" type="number" min={1} max={20} label={t('judging.award.place')} hint={t('judging.award.place.hint')} value={values['place']} error={errors?.['place']} required={false} />
      <div class={`field${errors?.['idea'] ? ' field-error' : ''}`}>
        <Select id="idea" label={t('judging.award.idea')} selected={values['idea']} options={ideas.map((i) => ({ value: i.id, label: i.label }))} />
        {errors?.['idea'] && <p class="error-message">{t(errors['idea'])}</p>}
      </div>
      <Field t={t} name="citation" type="textarea" rows={4} label={t('judging.award.citation')} hint={t('judging.award.citation.hint')} value={values['citation']} error={errors?.['citation']} required maxLength={5000} />
      <Field t={t} name="citationFr" type="textarea" rows={4} label={t('judging.award.citationFr')} value={values['citationFr']} error={errors?.['citationFr']} required={false} maxLength={5000} />
      <Field t={t} name="prize" label={t('judging.award.prize')} hint={t('judging.award.prize.hint')} value={values['prize']} error={errors?.['prize']} required={false} maxLength={300} />
      <Field t={t} name="prizeFr" label={t('judging.award.prizeFr')} value={values['prizeFr']} error={errors?.['prizeFr']} required={false} maxLength={300} />
      {announced && <Field t={t} name="reason" type="textarea" rows={2} label={t('judging.correction.reason')} hint={t('judging.correction.reason.hint')} value={values['reason']} error={errors?.['reason']} required maxLength={500} />}
    </>
  );
}

const awardLabels = (t: T) => ({
  kind: t('judging.award.kind'),
  place: t('judging.award.place'),
  idea: t('judging.award.idea'),
  citation: t('judging.award.citation'),
  citationFr: t('judging.award.citationFr'),
  prize: t('judging.award.prize'),
  prizeFr: t('judging.award.prizeFr'),
  reason: t('judging.correction.reason'),
});

/**
 * Awards and announcement for staff (issue 13, points 6–7): the awards with their citations and
 * prizes, the form to give one, the announcement (or, once announced, corrections), and "what
 * happens next". Each form that fails comes back here with its errors.
 */
export function AwardsPage(p: {
  ctx: ViewContext;
  challenge: ChallengeRef;
  awards: readonly AwardView[];
  ideas: readonly AwardableView[];
  announcedAt: Date | null;
  canChange: boolean;
  nextSteps: { body: string; bodyFr: string | null; at: Date } | null;
  add?: { values: FormValues; errors: FormErrors } | undefined;
  correction?: { values: FormValues; errors: FormErrors } | undefined;
  steps?: { values: FormValues; errors: FormErrors } | undefined;
}) {
  const { ctx, challenge, awards, announcedAt, canChange } = p;
  const { t, locale } = ctx;
  const title = t('judging.awards.title', { title: challenge.title });
  const base = `/challenges/${challenge.id}/judging`;
  const stepsValues = p.steps?.values ?? { body: p.nextSteps?.body ?? '', bodyFr: p.nextSteps?.bodyFr ?? '' };
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <JudgingNav ctx={ctx} challengeId={challenge.id} current="awards" />
      {announcedAt ? (
        <p class="notice">
          {t('judging.stage.announced')} <Time at={announcedAt} locale={locale} />. {t('judging.awards.announcedNote')} <a href={`/challenges/${challenge.id}/results`}>{t('judging.awards.resultsLink')}</a>
        </p>
      ) : (
        <p>{t('judging.awards.lead')}</p>
      )}
      <h2 id="awards-title">{t('judging.awards.list')}</h2>
      {awards.length === 0 ? (
        <p class="empty">{t('judging.awards.empty')}</p>
      ) : (
        <ul class="awards" aria-labelledby="awards-title">
          {awards.map((a) => (
            <li>
              <h3>
                {awardName(t, ctx.locale, a)}: <a href={`/ideas/${a.ideaId}`}>{a.ideaTitle}</a>
              </h3>
              {a.prize && <p>{t('judging.award.prizeLine', { prize: a.prize })}</p>}
              <Markdown html={a.citationHtml} />
              {canChange && (
                <p>
                  <a href={`${base}/awards/${a.id}`} aria-label={t('judging.award.editNamed', { name: awardName(t, ctx.locale, a) })}>
                    {t('judging.award.edit')}
                  </a>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {canChange && (
        <>
          <h2 id="add-title">{t('judging.award.add')}</h2>
          {p.ideas.length === 0 ? (
            <p class="empty">{t('judging.award.noIdeas')}</p>
          ) : (
            <>
              <ErrorSummary t={t} errors={p.add?.errors} labels={awardLabels(t)} />
              <form method="post" action={`${base}/awards`} aria-labelledby="add-title" novalidate>
                <CsrfField token={ctx.csrfToken} />
                <AwardFields ctx={ctx} ideas={p.ideas} values={p.add?.values ?? {}} errors={p.add?.errors} announced={announcedAt !== null} />
                <SubmitButton>{t('judging.award.add.submit')}</SubmitButton>
              </form>
            </>
          )}
          {announcedAt ? (
            <>
              <h2 id="correction-title">{t('judging.correction.title')}</h2>
              <p>{t('judging.correction.lead')}</p>
              <ErrorSummary t={t} errors={p.correction && { 'correction-reason': p.correction.errors['reason']! }} labels={{ 'correction-reason': t('judging.correction.reason') }} />
              <form method="post" action={`${base}/corrections`} aria-labelledby="correction-title" novalidate>
                <CsrfField token={ctx.csrfToken} />
                <Field t={t} name="reason" id="correction-reason" type="textarea" rows={2} label={t('judging.correction.reason')} hint={t('judging.correction.reason.hint')} value={p.correction?.values['reason']} error={p.correction?.errors['reason']} required maxLength={500} />
                <SubmitButton>{t('judging.correction.submit')}</SubmitButton>
              </form>
            </>
          ) : (
            <>
              <h2>{t('judging.announce.title')}</h2>
              <p>{t('judging.announce.lead')}</p>
              <p>
                <a class="button" href={`${base}/announce`}>
                  {t('judging.announce.link')}
                </a>
              </p>
            </>
          )}
          <h2 id="steps-title">{t('judging.nextSteps.title')}</h2>
          <p>{t('judging.nextSteps.lead')}</p>
          {p.nextSteps && (
            <p class="hint">
              {t('judging.nextSteps.updated')} <Time at={p.nextSteps.at} locale={locale} />
            </p>
          )}
          <ErrorSummary t={t} errors={p.steps?.errors} labels={{ body: t('judging.nextSteps.body'), bodyFr: t('judging.nextSteps.bodyFr') }} />
          <form method="post" action={`${base}/next-steps`} aria-labelledby="steps-title" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <Field t={t} name="body" type="textarea" rows={4} label={t('judging.nextSteps.body')} value={stepsValues['body']} error={p.steps?.errors['body']} required maxLength={2000} />
            <Field t={t} name="bodyFr" type="textarea" rows={4} label={t('judging.nextSteps.bodyFr')} value={stepsValues['bodyFr']} error={p.steps?.errors['bodyFr']} required={false} maxLength={2000} />
            <SubmitButton>{t('judging.nextSteps.submit')}</SubmitButton>
          </form>
        </>
      )}
    </Page>
  );
}

/** Changing or taking back one award; once announced, either is a correction with a reason. */
export function AwardPage(p: { ctx: ViewContext; challenge: ChallengeRef; award: AwardView; ideas: readonly AwardableView[]; announced: boolean; values: FormValues; errors?: FormErrors | undefined; removeErrors?: FormErrors | undefined }) {
  const { ctx, challenge, award, announced } = p;
  const { t } = ctx;
  const title = t('judging.award.editTitle', { name: awardName(t, ctx.locale, award) });
  const base = `/challenges/${challenge.id}/judging/awards`;
  return (
    <Page ctx={ctx} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>
          <a href={base}>{t('judging.award.back')}</a>
        </p>
        <ErrorSummary t={t} errors={p.errors} labels={awardLabels(t)} />
        <form method="post" action={`${base}/${award.id}`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <AwardFields ctx={ctx} ideas={p.ideas} values={p.values} errors={p.errors} announced={announced} />
          <SubmitButton>{t('judging.award.save')}</SubmitButton>
        </form>
        <h2 id="remove-title">{t('judging.award.remove')}</h2>
        {announced ? (
          <>
            <ErrorSummary t={t} errors={p.removeErrors && { 'remove-reason': p.removeErrors['reason']! }} labels={{ 'remove-reason': t('judging.correction.reason') }} />
            <form method="post" action={`${base}/${award.id}/remove`} aria-labelledby="remove-title" novalidate>
              <CsrfField token={ctx.csrfToken} />
              <Field t={t} name="reason" id="remove-reason" type="textarea" rows={2} label={t('judging.correction.reason')} hint={t('judging.correction.reason.hint')} value="" error={p.removeErrors?.['reason']} required maxLength={500} />
              <button type="submit" class="button button-danger">
                {t('judging.award.remove.submit')}
              </button>
            </form>
          </>
        ) : (
          <ButtonForm action={`${base}/${award.id}/remove`} csrfToken={ctx.csrfToken} inline={false} button="button button-danger">
            {t('judging.award.remove.submit')}
          </ButtonForm>
        )}
      </div>
    </Page>
  );
}

/** The announcement's confirmation: what will be published, what stops, and that it cannot be undone. */
export function AnnouncePage(p: { ctx: ViewContext; challenge: ChallengeRef; awards: readonly AwardView[]; ties: number; votingOpen: boolean; open: boolean; notSubmitted: number; errors?: FormErrors | undefined }) {
  const { ctx, challenge, awards } = p;
  const { t } = ctx;
  const title = t('judging.announce.pageTitle', { title: challenge.title });
  const base = `/challenges/${challenge.id}/judging`;
  const blocked = awards.length === 0 || p.ties > 0 || p.votingOpen;
  return (
    <Page ctx={ctx} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>
          <a href={`${base}/awards`}>{t('judging.award.back')}</a>
        </p>
        <p>{t('judging.announce.explain')}</p>
        {awards.length === 0 ? (
          <p class="notice">{t('judging.announce.noAwards')}</p>
        ) : (
          <ul>
            {awards.map((a) => (
              <li>
                {awardName(t, ctx.locale, a)}: {a.ideaTitle}
                {a.prize && <> — {a.prize}</>}
              </li>
            ))}
          </ul>
        )}
        {p.ties > 0 && <p class="notice">{t('judging.announce.ties')}</p>}
        {p.votingOpen && <p class="notice">{t('judging.announce.votingOpen')}</p>}
        {p.open && <p class="notice">{t('judging.announce.panelOpen', { count: p.notSubmitted })}</p>}
        {!blocked && (
          <>
            <ErrorSummary t={t} errors={p.errors} labels={{ confirm: t('judging.announce.confirm') }} />
            <form method="post" action={`${base}/announce`} novalidate>
              <CsrfField token={ctx.csrfToken} />
              <div class={`field${p.errors?.['confirm'] ? ' field-error' : ''}`}>
                {p.errors?.['confirm'] && <p class="error-message">{t(p.errors['confirm'])}</p>}
                <label class="choice" for="confirm">
                  <input type="checkbox" id="confirm" name="confirm" value="yes" /> {t('judging.announce.confirm')}
                </label>
              </div>
              <button type="submit" class="button">
                {t('judging.announce.submit')}
              </button>
            </form>
          </>
        )}
      </div>
    </Page>
  );
}
