import { Hono } from 'hono';
import type { AppContext, AppEnv } from '../../http/context.js';
import { submitForm, type RejectedForm } from '../../http/form.js';
import { requireSignIn, signedIn } from '../../http/guard.js';
import { respond, render, viewContext } from '../../http/render.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { visibleChallenge, type Challenge } from '../challenges/index.js';
import type { MembershipRow } from '../organisations/index.js';
import { CriterionPage, RubricPage } from '../../../views/judging/RubricPages.js';
import { addCriterion, editCriterion, removeCriterion, setMethod } from './commands/rubric.js';
import { canManageRubric, rubricChangeIsPublic } from './policy.js';
import { getCriterion, getMethod, listCriteria, rubricLocked, type Criterion } from './queries.js';
import { CRITERIA_MAX, criterionSchema, methodSchema, removeCriterionSchema } from './schemas.js';
import { judgingLimit } from './limits.js';
import { limitRequest } from '../../http/limits.js';
import { judgeRoutes } from './judge-routes.js';
import { staffRoutes } from './staff-routes.js';

export const judgingRoutes = new Hono<AppEnv>();
judgingRoutes.route('/', staffRoutes);
judgingRoutes.route('/', judgeRoutes);

/** The challenge named in the URL, and that this person may set its rubric (403 otherwise). */
async function managed(c: AppContext): Promise<{ challenge: Challenge; membership: MembershipRow | null }> {
  const found = await visibleChallenge(c, c.req.param('id') ?? '');
  const decision = canManageRubric(signedIn(c).user, found.challenge, found.membership, await rubricLocked(c.get('deps').db, found.challenge.id));
  if (!decision.ok) throw new ForbiddenError(decision.reason);
  return found;
}

/** A criterion's values as its form shows them. */
const valuesOf = (c: Criterion) => ({
  name: c.name,
  nameFr: c.nameFr ?? '',
  description: c.description,
  descriptionFr: c.descriptionFr ?? '',
  guidance: c.guidance,
  guidanceFr: c.guidanceFr ?? '',
  weight: String(c.weight),
  scale: `${c.scaleMin}-${c.scaleMax}`,
  commentRequired: c.commentRequired ? 'yes' : '',
});

async function rubricPage(c: AppContext, challenge: Challenge, form?: RejectedForm, methodForm?: RejectedForm) {
  const { db } = c.get('deps');
  const criteria = await listCriteria(db, challenge.id);
  return render(
    c,
    <RubricPage
      ctx={viewContext(c)}
      challenge={challenge}
      criteria={criteria}
      values={form?.values ?? {}}
      errors={form?.errors}
      method={await getMethod(db, challenge.id)}
      methodValues={methodForm?.values}
      methodErrors={methodForm?.errors}
      voting={challenge.votingOpenAt !== null}
      reasonNeeded={rubricChangeIsPublic(challenge, c.get('now'))}
      full={criteria.length >= CRITERIA_MAX}
    />,
    form || methodForm ? 422 : 200,
  );
}

async function criterionPage(c: AppContext, challenge: Challenge, criterion: Criterion, forms: { edit?: RejectedForm; remove?: RejectedForm } = {}) {
  return render(
    c,
    <CriterionPage
      ctx={viewContext(c)}
      challenge={challenge}
      criterion={criterion}
      values={forms.edit?.values ?? valuesOf(criterion)}
      errors={forms.edit?.errors}
      removeErrors={forms.remove?.errors}
      reasonNeeded={rubricChangeIsPublic(challenge, c.get('now'))}
    />,
    forms.edit || forms.remove ? 422 : 200,
  );
}

async function criterionOf(c: AppContext, challenge: Challenge): Promise<Criterion> {
  const criterion = await getCriterion(c.get('deps').db, challenge.id, c.req.param('criterion') ?? '');
  if (!criterion) throw new NotFoundError('criterion');
  return criterion;
}

/** The rubric and the form to add a criterion (the council's staff). */
judgingRoutes.get('/challenges/:id/rubric', requireSignIn, async (c) => rubricPage(c, (await managed(c)).challenge));

judgingRoutes.post('/challenges/:id/rubric', requireSignIn, async (c) => {
  const { challenge } = await managed(c);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: criterionSchema,
    command: (input) => addCriterion(c.get('deps'), signedIn(c).user, challenge.id, input),
    rejected: (form) => rubricPage(c, challenge, form),
    done: () => respond(c, { redirect: `/challenges/${challenge.id}/rubric`, flash: { kind: 'success', key: 'judging.rubric.added' } }),
  });
});

/** The judging method (before the criteria's routes: "method" is not a criterion). */
judgingRoutes.post('/challenges/:id/rubric/method', requireSignIn, async (c) => {
  const { challenge } = await managed(c);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: methodSchema,
    command: (input) => setMethod(c.get('deps'), signedIn(c).user, challenge.id, input),
    rejected: (form) => rubricPage(c, challenge, undefined, form),
    done: () => respond(c, { redirect: `/challenges/${challenge.id}/rubric`, flash: { kind: 'success', key: 'judging.method.saved' } }),
  });
});

judgingRoutes.get('/challenges/:id/rubric/:criterion', requireSignIn, async (c) => {
  const { challenge } = await managed(c);
  return criterionPage(c, challenge, await criterionOf(c, challenge));
});

judgingRoutes.post('/challenges/:id/rubric/:criterion', requireSignIn, async (c) => {
  const { challenge } = await managed(c);
  const criterion = await criterionOf(c, challenge);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: criterionSchema,
    command: (input) => editCriterion(c.get('deps'), signedIn(c).user, challenge.id, criterion.id, input),
    rejected: (form) => criterionPage(c, challenge, criterion, { edit: form }),
    done: () => respond(c, { redirect: `/challenges/${challenge.id}/rubric`, flash: { kind: 'success', key: 'judging.rubric.edited' } }),
  });
});

judgingRoutes.post('/challenges/:id/rubric/:criterion/remove', requireSignIn, async (c) => {
  const { challenge } = await managed(c);
  const criterion = await criterionOf(c, challenge);
  await limitRequest(c, judgingLimit);
  return submitForm(c, {
    schema: removeCriterionSchema,
    command: (input) => removeCriterion(c.get('deps'), signedIn(c).user, challenge.id, criterion.id, input),
    rejected: (form) => criterionPage(c, challenge, criterion, { remove: form }),
    done: () => respond(c, { redirect: `/challenges/${challenge.id}/rubric`, flash: { kind: 'success', key: 'judging.rubric.removed' } }),
  });
});
