import { Hono } from 'hono';
import { authenticationOptions, CEREMONY_TIMEOUT_MS, registrationOptions, relyingParty, totpUri } from '../../auth/second-factor/index.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { ANON_CSRF_COOKIE } from '../../http/render.js';
import { removeCookie } from '../../http/cookies.js';
import { formErrorsOf, readForm, submitForm, type FormErrors } from '../../http/form.js';
import { requireRecentAuth, requireSignIn, signedIn } from '../../http/guard.js';
import { limitRequest } from '../../http/limits.js';
import { render, respond, safeNext, viewContext } from '../../http/render.js';
import { recordSecurityEvent, requestOrigin } from '../../http/security.js';
import { BadRequestError, InvalidInputError, NotFoundError } from '../../lib/errors.js';
import { isUuid } from '../../lib/fields.js';
import { RecoveryCodesPage, SecurityPage, TotpSetupPage, VerifyPage } from '../../../views/second-factor/SecondFactorPages.js';
import { addPasskey, confirmTotp, pendingTotpSecret, removePasskey, removeTotp, renewRecoveryCodes, startTotp } from './commands/manage.js';
import { verifyAccountPassword, verifySecondFactor, type Proof } from './commands/verify.js';
import { secondFactorChangeLimit, secondFactorLimit } from './limits.js';
import { addPasskeySchema, proofSchema, totpCodeSchema } from './schemas.js';
import { factorsOf, hasFactor, type Factors } from './queries.js';

export const secondFactorRoutes = new Hono<AppEnv>();

const RP_NAME = 'Commonwise';

// ---- Sign-in and security: the person's own second factors ----

secondFactorRoutes.use('/account/security', requireSignIn);
secondFactorRoutes.use('/account/security/*', requireSignIn);

/** The security page, with a fresh passkey challenge kept in the session for its "Add a passkey" form. */
async function securityPage(c: AppContext, status: 200 | 422 = 200, form?: { errors: FormErrors; values: Record<string, string> }) {
  const { user, session } = signedIn(c);
  const deps = c.get('deps');
  const factors = await factorsOf(deps.db, user.id);
  const { rpId } = relyingParty(deps.config.publicUrl);
  const registration = await registrationOptions({
    rpName: RP_NAME,
    rpId,
    user: { id: user.id, name: user.email, displayName: user.displayName },
    excludeCredentials: factors.passkeys.map((p) => ({ credentialId: p.credentialId, transports: p.transports })),
  });
  await deps.sessions.setChallenge(session.id, registration.challenge, new Date(c.get('now').getTime() + CEREMONY_TIMEOUT_MS));
  return render(
    c,
    <SecurityPage
      ctx={viewContext(c)}
      passkeys={factors.passkeys}
      totp={factors.totp}
      recoveryLeft={factors.recoveryLeft}
      required={user.secondFactorRequired}
      registration={registration}
      errors={form?.errors}
      values={form?.values ?? {}}
    />,
    status,
  );
}

secondFactorRoutes.get('/account/security', (c) => securityPage(c));

/**
 * After a change of factors, the offer to sign out every other session (ASVS V7.4.3): "Your
 * sessions", with the change confirmed. After the first factor, the recovery codes come first
 * (shown once), with the same offer on their page.
 */
function changed(c: AppContext, flash: 'secondFactor.passkey.done' | 'secondFactor.totp.done' | 'secondFactor.passkey.removed' | 'secondFactor.totp.removed', codes: string[] | null = null) {
  if (codes) return render(c, <RecoveryCodesPage ctx={viewContext(c)} codes={codes} />);
  return respond(c, { redirect: '/account/sessions', flash: { kind: 'success', key: flash } });
}

// Adding a factor is sensitive too: a stolen session must not add its thief's passkey and step up with it.
secondFactorRoutes.post('/account/security/passkeys', requireRecentAuth, async (c) => {
  const { user, session } = signedIn(c);
  const deps = c.get('deps');
  await deps.rateLimits.consume(secondFactorChangeLimit, `user:${user.id}`);
  return submitForm(c, {
    schema: addPasskeySchema,
    command: async (input) => {
      // Without JavaScript the browser cannot answer: say so (the authenticator app works without it).
      if (!input.credential) throw new InvalidInputError({ credential: 'secondFactor.passkey.needsScript' });
      return addPasskey(deps, user.id, input, await deps.sessions.takeChallenge(session.id), requestOrigin(c));
    },
    rejected: ({ errors, values }) => securityPage(c, 422, { errors, values: { name: values['name'] ?? '' } }),
    done: (result) => changed(c, 'secondFactor.passkey.done', result.recoveryCodes),
  });
});

secondFactorRoutes.post('/account/security/passkeys/:id/remove', requireRecentAuth, async (c) => {
  const { user } = signedIn(c);
  const id = c.req.param('id');
  if (!isUuid(id)) throw new NotFoundError('passkey');
  await limitRequest(c, secondFactorChangeLimit);
  await removePasskey(c.get('deps'), user, id, requestOrigin(c));
  return changed(c, 'secondFactor.passkey.removed');
});

secondFactorRoutes.post('/account/security/totp/start', requireRecentAuth, async (c) => {
  const { user } = signedIn(c);
  await limitRequest(c, secondFactorChangeLimit);
  await startTotp(c.get('deps'), user.id);
  return c.redirect('/account/security/totp', 303);
});

async function totpSetupPage(c: AppContext, status: 200 | 422 = 200, errors?: FormErrors) {
  const { user } = signedIn(c);
  const secret = await pendingTotpSecret(c.get('deps'), user.id);
  if (!secret) return c.redirect('/account/security', 303);
  return render(c, <TotpSetupPage ctx={viewContext(c)} secret={secret} uri={totpUri(secret, user.email)} errors={errors} />, status);
}

secondFactorRoutes.get('/account/security/totp', (c) => totpSetupPage(c));

secondFactorRoutes.post('/account/security/totp', requireRecentAuth, async (c) => {
  const { user } = signedIn(c);
  const deps = c.get('deps');
  await deps.rateLimits.consume(secondFactorLimit, `user:${user.id}`);
  return submitForm(c, {
    schema: totpCodeSchema,
    command: (input) => confirmTotp(deps, user.id, input.code, requestOrigin(c)),
    rejected: ({ errors }) => totpSetupPage(c, 422, errors),
    done: (result) => changed(c, 'secondFactor.totp.done', result.recoveryCodes),
  });
});

secondFactorRoutes.post('/account/security/totp/remove', requireRecentAuth, async (c) => {
  const { user } = signedIn(c);
  await limitRequest(c, secondFactorChangeLimit);
  await removeTotp(c.get('deps'), user, requestOrigin(c));
  return changed(c, 'secondFactor.totp.removed');
});

secondFactorRoutes.post('/account/security/recovery-codes', requireRecentAuth, async (c) => {
  const { user } = signedIn(c);
  await limitRequest(c, secondFactorChangeLimit);
  const codes = await renewRecoveryCodes(c.get('deps'), user.id, requestOrigin(c));
  return render(c, <RecoveryCodesPage ctx={viewContext(c)} codes={codes} />);
});

// ---- Proving it: the sign-in's second step, and re-authentication ----

/** The ways this person can prove it, in the order the page offers them. */
const methodsOf = (f: Factors): ('passkey' | 'code' | 'recovery')[] => [
  ...(f.passkeys.length > 0 ? (['passkey'] as const) : []),
  ...(f.totp?.confirmed ? (['code'] as const) : []),
  ...(hasFactor(f) ? (['recovery'] as const) : []),
];

/** The verify page for `userId`, with a fresh passkey challenge kept in `sessionId` when they have passkeys. */
async function verifyPage(c: AppContext, mode: 'sign-in' | 'reauth', userId: string, sessionId: string, next: string, status: 200 | 422 = 200, failure?: { method: Proof['method'] | 'password'; errors: FormErrors }) {
  const deps = c.get('deps');
  const factors = await factorsOf(deps.db, userId);
  let authentication: unknown = null;
  if (factors.passkeys.length > 0) {
    const options = await authenticationOptions({ rpId: relyingParty(deps.config.publicUrl).rpId, allowCredentials: factors.passkeys.map((p) => ({ credentialId: p.credentialId, transports: p.transports })) });
    await deps.sessions.setChallenge(sessionId, options.challenge, new Date(c.get('now').getTime() + CEREMONY_TIMEOUT_MS));
    authentication = options;
  }
  const methods = hasFactor(factors) ? methodsOf(factors) : (['password'] as const);
  return render(c, <VerifyPage ctx={viewContext(c)} mode={mode} next={next} methods={[...methods]} authentication={authentication} errors={failure?.errors} failed={failure?.method} />, status);
}


/** The proof a form sent, read and bounded; a malformed form is a 400. */
async function readProof(c: AppContext) {
  const form = await readForm(c);
  const parsed = proofSchema.safeParse(form.values);
  if (!parsed.success) throw new BadRequestError();
  return { ...parsed.data, next: safeNext(parsed.data.next) };
}

const toProof = (p: { method: Proof['method'] | 'password'; credential: string; code: string }): Proof => {
  if (p.method === 'password') throw new BadRequestError();
  return p.method === 'passkey' ? { method: 'passkey', credential: p.credential } : { method: p.method, code: p.code };
};

secondFactorRoutes.get('/sign-in/verify', async (c) => {
  const pending = c.get('pending');
  if (!pending) return c.redirect('/sign-in', 303);
  return verifyPage(c, 'sign-in', pending.userId, pending.id, safeNext(c.req.query('next')));
});

/**
 * The second step: the proof, checked against the account that gave its password in this browser.
 * Success ends the waiting session and starts a new one (a new id: no fixation across the step).
 */
secondFactorRoutes.post('/sign-in/verify', async (c) => {
  const pending = c.get('pending');
  const deps = c.get('deps');
  if (!pending) return respond(c, { redirect: '/sign-in', flash: { kind: 'info', key: 'secondFactor.verify.expired' } });
  const proof = await readProof(c);
  if (proof.method === 'password') throw new BadRequestError();
  await deps.rateLimits.consume(secondFactorLimit, `user:${pending.userId}`);
  const challenge = proof.method === 'passkey' ? await deps.sessions.takeChallenge(pending.id) : null;
  let result;
  try {
    result = await verifySecondFactor(deps, pending.userId, toProof(proof), challenge);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    await deps.securityLog.record({ kind: 'sign_in', outcome: 'failure', userId: pending.userId, ...requestOrigin(c), detail: { reason: 'second_factor', method: proof.method } });
    return verifyPage(c, 'sign-in', pending.userId, pending.id, proof.next, 422, { method: proof.method, errors: formErrorsOf(err) });
  }
  const started = await deps.sessions.complete(pending.id, pending.userId);
  await deps.securityLog.record({ kind: 'sign_in', outcome: 'success', userId: pending.userId, ...requestOrigin(c), detail: { session: started.session.handle, method: result.method } });
  c.header('Set-Cookie', started.cookie, { append: true });
  removeCookie(c, ANON_CSRF_COOKIE);
  return respond(c, {
    redirect: proof.next,
    flash: result.method === 'recovery' ? { kind: 'info', key: 'secondFactor.recovery.usedOne', params: { count: result.recoveryLeft ?? 0 } } : { kind: 'success', key: 'auth.signIn.done' },
  });
});

secondFactorRoutes.post('/sign-in/verify/cancel', async (c) => {
  const pending = c.get('pending');
  const deps = c.get('deps');
  if (pending) await deps.sessions.invalidate(pending.id);
  c.header('Set-Cookie', deps.sessions.blankCookie(), { append: true });
  return c.redirect('/sign-in', 303);
});

secondFactorRoutes.get('/reauth', requireSignIn, async (c) => {
  const { user, session } = signedIn(c);
  return verifyPage(c, 'reauth', user.id, session.id, safeNext(c.req.query('next')));
});

/**
 * Re-authentication (step-up): a second factor when the person has one, else their password.
 * Success marks the session as just authenticated and goes back to where the person was.
 */
secondFactorRoutes.post('/reauth', requireSignIn, async (c) => {
  const { user, session } = signedIn(c);
  const deps = c.get('deps');
  const proof = await readProof(c);
  await deps.rateLimits.consume(secondFactorLimit, `user:${user.id}`);
  const factors = await factorsOf(deps.db, user.id);
  try {
    if (proof.method === 'password') {
      if (hasFactor(factors)) throw new BadRequestError(); // with a second factor, the step-up is the second factor
      await verifyAccountPassword(deps, user.id, proof.password);
    } else {
      const challenge = proof.method === 'passkey' ? await deps.sessions.takeChallenge(session.id) : null;
      await verifySecondFactor(deps, user.id, toProof(proof), challenge);
    }
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    await recordSecurityEvent(c, { kind: 'reauth', outcome: 'failure', detail: { method: proof.method } });
    return verifyPage(c, 'reauth', user.id, session.id, proof.next, 422, { method: proof.method, errors: formErrorsOf(err) });
  }
  await deps.sessions.markAuthenticated(session.id, c.get('now'));
  await recordSecurityEvent(c, { kind: 'reauth', outcome: 'success', detail: { method: proof.method } });
  return respond(c, { redirect: proof.next, flash: { kind: 'success', key: 'secondFactor.reauth.done' } });
});
