import { CsrfField } from '../components/CsrfField.js';
import { ErrorSummary, Field, fieldLabels, SubmitButton, type FormErrors, type FormValues } from '../components/Form.js';
import { Localised } from '../components/Localised.js';
import { LocalisedParagraphs } from '../components/Paragraphs.js';
import { Select } from '../components/Select.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';

/** A criterion as the rubric's pages show it. */
export type CriterionView = {
  id: string;
  name: string;
  nameFr: string | null;
  description: string;
  descriptionFr: string | null;
  weight: number;
  scaleMin: number;
  scaleMax: number;
  commentRequired: boolean;
};

/** The judging method as its pages show it (decision 0060). */
export type MethodView = { peopleWeight: number; normalisation: 'none' | 'minmax' | 'z'; blindReview: boolean; publishPanel: boolean };

/** A criterion's share of the total weight, as a whole percentage. */
const share = (c: CriterionView, all: readonly CriterionView[]) => Math.round((100 * c.weight) / all.reduce((s, x) => s + x.weight, 0));

/**
 * "How ideas will be judged", on the challenge page for everyone from its publication: each
 * criterion with its share of the total, its scale and what it means. Nothing when there is no rubric.
 */
export function RubricSection({ ctx, criteria, method }: { ctx: ViewContext; criteria: readonly CriterionView[]; method: MethodView }) {
  if (criteria.length === 0) return null;
  const { t, locale } = ctx;
  return (
    <section aria-labelledby="rubric-title" class="rubric">
      <h2 id="rubric-title">{t('judging.rubric.public.title')}</h2>
      <p>{t('judging.rubric.public.lead')}</p>
      <ol class="rubric-criteria">
        {criteria.map((c) => (
          <li>
            <strong>
              <Localised locale={locale} en={c.name} fr={c.nameFr} />
            </strong> — {t('judging.rubric.public.weight', { share: share(c, criteria), min: c.scaleMin, max: c.scaleMax })}
            {(c.description || c.descriptionFr) && <LocalisedParagraphs class="rubric-description" locale={locale} en={c.description} fr={c.descriptionFr} />}
          </li>
        ))}
      </ol>
      <MethodLines ctx={ctx} method={method} />
    </section>
  );
}

/** How the final score is made, in words: the panel's and the people's shares, normalisation, blind review. */
function MethodLines({ ctx, method }: { ctx: ViewContext; method: MethodView }) {
  const { t } = ctx;
  return (
    <ul class="rubric-method">
      <li>{method.peopleWeight > 0 ? t('judging.method.public.mix', { panel: 100 - method.peopleWeight, people: method.peopleWeight }) : t('judging.method.public.panelOnly')}</li>
      {method.normalisation !== 'none' && <li>{t(`judging.method.public.${method.normalisation}`)}</li>}
      {method.blindReview && <li>{t('judging.method.public.blind')}</li>}
    </ul>
  );
}

type ChallengeRefView = { id: string; title: string };

/** The criterion form's fields (add and edit share them); `reasonNeeded` once the rubric is public. */
function CriterionFields({ ctx, values, errors, reasonNeeded }: { ctx: ViewContext; values: FormValues; errors: FormErrors | undefined; reasonNeeded: boolean }) {
  const { t } = ctx;
  return (
    <>
      <Field t={t} name="name" label={t('judging.rubric.field.name')} value={values['name']} error={errors?.['name']} required maxLength={120} />
      <Field t={t} name="nameFr" label={t('judging.rubric.field.nameFr')} value={values['nameFr']} error={errors?.['nameFr']} required={false} maxLength={120} />
      <Field t={t} name="description" type="textarea" rows={3} label={t('judging.rubric.field.description')} hint={t('judging.rubric.field.description.hint')} value={values['description']} error={errors?.['description']} required={false} maxLength={2000} />
      <Field t={t} name="descriptionFr" type="textarea" rows={3} label={t('judging.rubric.field.descriptionFr')} value={values['descriptionFr']} error={errors?.['descriptionFr']} required={false} maxLength={2000} />
      <Field t={t} name="guidance" type="textarea" rows={3} label={t('judging.rubric.field.guidance')} hint={t('judging.rubric.field.guidance.hint')} value={values['guidance']} error={errors?.['guidance']} required={false} maxLength={2000} />
      <Field t={t} name="guidanceFr" type="textarea" rows={3} label={t('judging.rubric.field.guidanceFr')} value={values['guidanceFr']} error={errors?.['guidanceFr']} required={false} maxLength={2000} />
      <Field t={t} name="weight" type="number" min={1} max={100} label={t('judging.rubric.field.weight')} hint={t('judging.rubric.field.weight.hint')} value={values['weight'] ?? '1'} error={errors?.['weight']} required />
      <Select
        id="scale"
        label={t('judging.rubric.field.scale')}
        selected={values['scale'] ?? '1-5'}
        options={[
          { value: '1-5', label: t('judging.rubric.scale', { min: 1, max: 5 }) },
          { value: '0-10', label: t('judging.rubric.scale', { min: 0, max: 10 }) },
          { value: '1-10', label: t('judging.rubric.scale', { min: 1, max: 10 }) },
        ]}
      />
      <div class="field">
        <label class="choice" for="commentRequired">
          <input type="checkbox" id="commentRequired" name="commentRequired" value="yes" checked={values['commentRequired'] === 'yes'} /> {t('judging.rubric.field.commentRequired')}
        </label>
      </div>
      {reasonNeeded && (
        <Field t={t} name="reason" type="textarea" rows={2} label={t('judging.rubric.field.reason')} hint={t('judging.rubric.field.reason.hint')} value={values['reason']} error={errors?.['reason']} required maxLength={500} />
      )}
    </>
  );
}

const labelsOf = (ctx: ViewContext, reasonNeeded: boolean) =>
  fieldLabels(<CriterionFields ctx={ctx} values={{}} errors={undefined} reasonNeeded={reasonNeeded} />);

/**
 * The rubric, for the council's staff: its criteria (each with its share, scale and a link to
 * change it) and the form to add one. Once the rubric is public, every change asks why.
 */
export function RubricPage(p: {
  ctx: ViewContext;
  challenge: ChallengeRefView;
  criteria: readonly CriterionView[];
  values: FormValues;
  errors?: FormErrors | undefined;
  method: MethodView;
  methodValues?: FormValues | undefined;
  methodErrors?: FormErrors | undefined;
  /** The challenge has a public vote (a people's-choice weight can be given). */
  voting: boolean;
  reasonNeeded: boolean;
  full: boolean;
}) {
  const { ctx, challenge, criteria, values, errors, reasonNeeded, full, method, voting } = p;
  const mv: FormValues = p.methodValues ?? {
    peopleWeight: String(method.peopleWeight),
    normalisation: method.normalisation,
    blindReview: method.blindReview ? 'yes' : '',
    publishPanel: method.publishPanel ? 'yes' : '',
  };
  const me = p.methodErrors;
  const { t, locale } = ctx;
  const title = t('judging.rubric.title', { title: challenge.title });
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`/challenges/${challenge.id}`}>{t('judging.back')}</a>
      </p>
      <p>{t('judging.rubric.lead')}</p>
      {reasonNeeded && <p class="notice">{t('judging.rubric.public.notice')}</p>}
      <h2>{t('judging.rubric.criteria')}</h2>
      {criteria.length === 0 ? (
        <p class="empty">{t('judging.rubric.empty')}</p>
      ) : (
        <ol class="rubric-criteria">
          {criteria.map((c) => (
            <li>
              <a href={`/challenges/${challenge.id}/rubric/${c.id}`}>
                <Localised locale={locale} en={c.name} fr={c.nameFr} />
              </a>{' '}
              — {t('judging.rubric.public.weight', { share: share(c, criteria), min: c.scaleMin, max: c.scaleMax })}
              {c.commentRequired && <> · {t('judging.rubric.commentRequired')}</>}
            </li>
          ))}
        </ol>
      )}
      <h2 id="add-title">{t('judging.rubric.add')}</h2>
      {full ? (
        <p>{t('judging.rubric.full')}</p>
      ) : (
        <>
          <ErrorSummary t={t} errors={errors} labels={labelsOf(ctx, reasonNeeded)} />
          <form method="post" action={`/challenges/${challenge.id}/rubric`} class="rubric-form" aria-labelledby="add-title" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <CriterionFields ctx={ctx} values={values} errors={errors} reasonNeeded={reasonNeeded} />
            <SubmitButton>{t('judging.rubric.add.submit')}</SubmitButton>
          </form>
        </>
      )}
      <h2 id="method-title">{t('judging.method.title')}</h2>
      <ErrorSummary
        t={t}
        errors={me && Object.fromEntries(Object.entries(me).map(([k, v]) => [k === 'reason' ? 'method-reason' : k, v]))}
        labels={{ peopleWeight: t('judging.method.field.peopleWeight'), 'method-reason': t('judging.rubric.field.reason') }}
      />
      <form method="post" action={`/challenges/${challenge.id}/rubric/method`} class="method-form" aria-labelledby="method-title" novalidate>
        <CsrfField token={ctx.csrfToken} />
        {voting ? (
          <Field t={t} name="peopleWeight" type="number" min={0} max={100} label={t('judging.method.field.peopleWeight')} hint={t('judging.method.field.peopleWeight.hint')} value={mv['peopleWeight']} error={me?.['peopleWeight']} required />
        ) : (
          <>
            <input type="hidden" name="peopleWeight" value="0" />
            <p>{t('judging.method.noVoteNote')}</p>
          </>
        )}
        <Select
          id="normalisation"
          label={t('judging.method.field.normalisation')}
          selected={mv['normalisation'] ?? 'none'}
          options={(['none', 'minmax', 'z'] as const).map((n) => ({ value: n, label: t(`judging.method.normalisation.${n}`) }))}
        />
        <div class="field">
          <label class="choice" for="blindReview">
            <input type="checkbox" id="blindReview" name="blindReview" value="yes" checked={mv['blindReview'] === 'yes'} /> {t('judging.method.field.blindReview')}
          </label>
          <label class="choice" for="publishPanel">
            <input type="checkbox" id="publishPanel" name="publishPanel" value="yes" checked={mv['publishPanel'] === 'yes'} /> {t('judging.method.field.publishPanel')}
          </label>
        </div>
        {reasonNeeded && (
          <Field t={t} id="method-reason" name="reason" type="textarea" rows={2} label={t('judging.rubric.field.reason')} value={mv['reason']} error={me?.['reason']} maxLength={500} />
        )}
        <SubmitButton>{t('judging.method.submit')}</SubmitButton>
      </form>
    </Page>
  );
}

/** One criterion, for the council's staff: the form to change it, and the one to remove it. */
export function CriterionPage(p: {
  ctx: ViewContext;
  challenge: ChallengeRefView;
  criterion: CriterionView;
  values: FormValues;
  errors?: FormErrors | undefined;
  removeErrors?: FormErrors | undefined;
  reasonNeeded: boolean;
}) {
  const { ctx, challenge, criterion, values, errors, removeErrors, reasonNeeded } = p;
  const { t } = ctx;
  const title = t('judging.rubric.edit.title', { name: criterion.name });
  return (
    <Page ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`/challenges/${challenge.id}/rubric`}>{t('judging.rubric.backToRubric')}</a>
      </p>
      {reasonNeeded && <p class="notice">{t('judging.rubric.public.notice')}</p>}
      <ErrorSummary t={t} errors={errors} labels={labelsOf(ctx, reasonNeeded)} />
      <form method="post" action={`/challenges/${challenge.id}/rubric/${criterion.id}`} class="rubric-form" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <CriterionFields ctx={ctx} values={values} errors={errors} reasonNeeded={reasonNeeded} />
        <SubmitButton>{t('judging.rubric.edit.submit')}</SubmitButton>
      </form>
      <h2 id="remove-title">{t('judging.rubric.remove')}</h2>
      <ErrorSummary t={t} errors={removeErrors && Object.fromEntries(Object.entries(removeErrors).map(([k, v]) => [k === 'reason' ? 'remove-reason' : k, v]))} labels={{ 'remove-reason': t('judging.rubric.field.reason') }} />
      <form method="post" action={`/challenges/${challenge.id}/rubric/${criterion.id}/remove`} class="rubric-remove-form" aria-labelledby="remove-title" novalidate>
        <CsrfField token={ctx.csrfToken} />
        {reasonNeeded && (
          <Field t={t} id="remove-reason" name="reason" type="textarea" rows={2} label={t('judging.rubric.field.reason')} error={removeErrors?.['reason']} maxLength={500} />
        )}
        <button type="submit" class="button button-danger">
          {t('judging.rubric.remove.submit')}
        </button>
      </form>
    </Page>
  );
}
