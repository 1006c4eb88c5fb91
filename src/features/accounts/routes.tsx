import { Hono } from 'hono';
import { deviceFamily } from '../../auth/device.js';
import { STAFF_IDLE_MINUTES } from '../../auth/sessions.js';
import { isUuid } from '../../lib/fields.js';
import { isLocale, type Locale } from '../../i18n/index.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { readForm, submitForm } from '../../http/form.js';
import { requireRecentAuth, requireSignIn, signedIn } from '../../http/guard.js';
import { limitRequest } from '../../http/limits.js';
import { recordSecurityEvent, requestOrigin } from '../../http/security.js';
import { readCookie, removeCookie, writeCookie } from '../../http/cookies.js';
import { ANON_CSRF_COOKIE, clientIp, LOCALE_COOKIE, render, respond, safeNext, viewContext } from '../../http/render.js';
import { BadRequestError, DomainError, NotFoundError } from '../../lib/errors.js';
import {
  ChangePasswordPage,
  CheckEmailPage,
  EmailConfirmedPage,
  ForgotPasswordPage,
  ProfilePage,
  ResetPasswordPage,
  VerifyEmailPage,
  SignInPage,
  SessionsPage,
  SignUpPage,
} from '../../../views/accounts/AccountPages.js';
import { ErrorPage } from '../../../views/errors/ErrorPage.js';
import { changePassword } from './commands/change-password.js';
import { requestPasswordReset, resetPassword } from './commands/password-reset.js';
import { setLocale } from './commands/set-locale.js';
import { signIn } from './commands/sign-in.js';
import { signUp } from './commands/sign-up.js';
import { updateProfile } from './commands/update-profile.js';
import { resendVerificationTo } from './commands/resend-verification.js';
import { resendVerification, verifyEmail } from './commands/verify-email.js';
import { accountMailLimit, limitedSignIn, passwordChangeLimit, passwordResetLimit, passwordSetLimit, profileLimit, signUpLimit, verificationResendLimit } from './limits.js';
import { confirmedOwnerOf, getProfile } from './queries.js';
import { changePasswordSchema, emailField, forgotSchema, profileSchema, resendSchema, resetSchema, signInSchema, signUpSchema, verifySchema } from './schemas.js';

export const accountRoutes = new Hono<AppEnv>();

const invalidLink = (c: AppContext) =>
  render(c, <ErrorPage ctx={viewContext(c)} title="auth.verify.invalid.title" body="auth.verify.invalid.body" />, 400);

/** The browser and system families this request comes from ("Your sessions" shows them). */
const deviceOf = (c: AppContext) => deviceFamily(c.req.header('User-Agent'));

/** Starts a session: the new session cookie replaces any old one; the anonymous CSRF cookie and the sign-up's memory go. */
function startSession(c: AppContext, cookie: string) {
  c.header('Set-Cookie', cookie, { append: true });
  removeCookie(c, ANON_CSRF_COOKIE);
  removeCookie(c, SIGN_UP_COOKIE);
}

/**
 * What this browser signed up with, for an hour: the address (the "check your email" page names
 * it and can send the link again) and where the person was going (the sign-in form that follows
 * the confirmation link comes back there, when the link is opened in the same browser).
 */
const SIGN_UP_COOKIE = 'cw_signup';
const SIGN_UP_SECONDS = 3600;
type SignUpMemory = { email: string; next?: string | undefined };

function rememberSignUp(c: AppContext, memory: SignUpMemory) {
  writeCookie(c, SIGN_UP_COOKIE, JSON.stringify(memory), { maxAge: SIGN_UP_SECONDS });
}

function signUpMemory(c: AppContext): SignUpMemory | null {
  const raw = readCookie(c, SIGN_UP_COOKIE);
  if (!raw) return null;
  try {
    const m = JSON.parse(raw) as Partial<SignUpMemory>;
    const email = emailField.safeParse(m.email);
    if (!email.success) return null;
    return { email: email.data, next: nextParam(typeof m.next === 'string' ? m.next : undefined) };
  } catch {
    return null; // a damaged cookie is forgotten
  }
}

// ---- Sign up and email verification ----

/** Where to go after signing in, when a page sent the person here (e.g. an invitation). */
const nextParam = (v: string | undefined) => (v ? safeNext(v, '') || undefined : undefined);

accountRoutes.get('/sign-up', (c) => {
  const next = nextParam(c.req.query('next'));
  if (c.get('user')) return c.redirect(next ?? '/', 303);
  return render(c, <SignUpPage ctx={viewContext(c)} next={next} />);
});

accountRoutes.post('/sign-up', async (c) => {
  const deps = c.get('deps');
  await deps.rateLimits.consume(signUpLimit, `ip:${clientIp(c)}`);
  return submitForm(c, {
    schema: signUpSchema,
    command: async (input) => {
      // Past a few mails to one address in an hour, none is sent (the answer is the same).
      if (await deps.rateLimits.tryConsume(accountMailLimit, `email:${input.email}`)) await signUp(deps, { ...input, locale: c.get('locale') });
      return input.email;
    },
    rejected: ({ values, errors }) => render(c, <SignUpPage ctx={viewContext(c)} values={values} errors={errors} next={nextParam(values['next'])} />, 422),
    done: (email, { values }) => {
      // The same page whether the address was new or known (no enumeration): a message went to it either way.
      rememberSignUp(c, { email, next: nextParam(values['next']) });
      return respond(c, { redirect: '/sign-up/check-email' });
    },
  });
});

/** "Check your email": after sign-up, and for a signed-in person whose address is not confirmed. */
accountRoutes.get('/sign-up/check-email', (c) => {
  const user = c.get('user');
  if (user?.emailVerified) return c.redirect('/', 303);
  return render(c, <CheckEmailPage ctx={viewContext(c)} email={user ? user.email : (signUpMemory(c)?.email ?? null)} />);
});

/**
 * The confirmation link: its code is after the '#' (decision 0068), so the page is the same for
 * everyone: one button, pressed by the script when the link carried the code (the person pastes
 * it without JavaScript). Nothing is confirmed by opening the page, so a mail scanner that opens
 * the link confirms nothing either.
 */
accountRoutes.get('/verify-email', (c) => render(c, <VerifyEmailPage ctx={viewContext(c)} />));

/**
 * Confirms the address and says so, with the sign-in form (the address filled in) as the next
 * step — it does not sign in by itself (decision 0048). Sent again with a used code, it still
 * says the address is confirmed (without naming it). Already signed in: back to where the person
 * was going, or home.
 */
accountRoutes.post('/verify-email', async (c) => {
  const deps = c.get('deps');
  return submitForm(c, {
    schema: verifySchema,
    command: async ({ token }) => {
      let confirmedNow = true;
      try {
        await verifyEmail(deps, token);
      } catch (err) {
        if (!(err instanceof DomainError && err.status === 400)) throw err;
        confirmedNow = false;
      }
      const owner = await confirmedOwnerOf(deps.db, token);
      return owner && { owner, confirmedNow };
    },
    rejected: ({ values, errors }) => render(c, <VerifyEmailPage ctx={viewContext(c)} values={values} errors={errors} />, 422),
    done: (confirmed) => {
      if (!confirmed) return invalidLink(c);
      const next = signUpMemory(c)?.next;
      const user = c.get('user');
      if (user) return respond(c, { redirect: (user.id === confirmed.owner.id ? next : undefined) ?? '/', flash: { kind: 'success', key: 'auth.verify.done' } });
      c.header('Cache-Control', 'no-store');
      return render(c, <EmailConfirmedPage ctx={viewContext(c)} email={confirmed.confirmedNow ? confirmed.owner.email : null} next={next} />);
    },
  });
});

/**
 * "Send the link again". Signed in (the notice on every page, a refusal): to the person's own
 * address, coming back to `next`. Not signed in (the "check your email" page): to the address
 * given, only if an account waiting for confirmation uses it, with the same answer either way.
 * Limited per account (429) for a signed-in person; for visitors per client address (429) and,
 * quietly, per address.
 */
accountRoutes.post('/verify-email/resend', async (c) => {
  const deps = c.get('deps');
  const user = c.get('user');
  if (user) {
    const { values } = await readForm(c);
    await deps.rateLimits.consume(verificationResendLimit, `user:${user.id}`);
    await resendVerification(deps, user.id);
    return respond(c, { redirect: safeNext(values['next']), flash: { kind: 'success', key: 'auth.verify.resent', params: { email: user.email } } });
  }
  await deps.rateLimits.consume(passwordResetLimit, `ip:${clientIp(c)}`);
  return submitForm(c, {
    schema: resendSchema,
    command: async ({ email }) => {
      // Capped quietly per address, like reset links: beyond it nothing is sent, and the answer is the same.
      if (await deps.rateLimits.tryConsume(accountMailLimit, `email:${email}`)) await resendVerificationTo(deps, email);
      return email;
    },
    rejected: ({ values, errors }) => render(c, <CheckEmailPage ctx={viewContext(c)} email={null} values={values} errors={errors} />, 422),
    done: (email) => {
      rememberSignUp(c, { email, next: signUpMemory(c)?.next });
      return respond(c, { redirect: '/sign-up/check-email', flash: { kind: 'success', key: 'auth.checkEmail.resent', params: { email } } });
    },
  });
});

// ---- Sign in and out ----

accountRoutes.get('/sign-in', (c) => {
  const next = nextParam(c.req.query('next'));
  if (c.get('user')) return c.redirect(next ?? '/', 303);
  return render(c, <SignInPage ctx={viewContext(c)} next={next} />);
});

accountRoutes.post('/sign-in', async (c) => {
  const deps = c.get('deps');
  return submitForm(c, {
    schema: signInSchema,
    // Failures count, per address, per account at this address, and per account (slowed down, never locked).
    command: (input) => limitedSignIn(deps.rateLimits, { email: input.email, address: clientIp(c) }, () => signIn(deps, input, { device: deviceOf(c), origin: requestOrigin(c) })),
    rejected: ({ values, errors }) =>
      render(c, <SignInPage ctx={viewContext(c)} values={{ email: values['email'] ?? '' }} errors={errors} next={nextParam(values['next'])} />, 422),
    done: async (started, { values }) => {
      const previous = c.get('session') ?? c.get('pending');
      if (previous) await deps.sessions.invalidate(previous.id);
      startSession(c, started.cookie);
      const next = nextParam(values['next']) ?? '/';
      if (started.pending) return c.redirect(`/sign-in/verify?next=${encodeURIComponent(next)}`, 303);
      return respond(c, { redirect: next, flash: { kind: 'success', key: 'auth.signIn.done' } });
    },
  });
});

accountRoutes.post('/sign-out', async (c) => {
  const { sessions } = c.get('deps');
  const session = c.get('session');
  if (session) {
    await sessions.invalidate(session.id);
    await recordSecurityEvent(c, { kind: 'sign_out', outcome: 'success', detail: { session: session.handle } });
  }
  c.header('Set-Cookie', sessions.blankCookie(), { append: true });
  // What the browser kept of the signed-in pages goes with the session (a library's shared PC).
  c.header('Clear-Site-Data', '"cache", "storage"');
  return respond(c, { redirect: '/', flash: { kind: 'success', key: 'auth.signOut.done' } });
});

// ---- The language switch (in the header) ----

const rememberLocale = (c: AppContext, locale: Locale) =>
  writeCookie(c, LOCALE_COOKIE, locale, { maxAge: 365 * 86_400 });

/**
 * A visitor's switch: a link, since it changes nothing but their own browser's cookie (the pages
 * they see hold no token of theirs and come from the cache). A signed-in person's language is on
 * their account and changes through the form below (a link never writes the database).
 */
accountRoutes.get('/locale/:locale', (c) => {
  const locale = c.req.param('locale');
  if (!isLocale(locale)) throw new NotFoundError();
  if (!c.get('user')) rememberLocale(c, locale);
  return c.redirect(safeNext(c.req.query('next')), 303);
});

/** Remembered in a cookie, and on the account when signed in. */
accountRoutes.post('/locale', async (c) => {
  const { values } = await readForm(c);
  const locale = values['locale'];
  if (!isLocale(locale)) throw new BadRequestError();
  const deps = c.get('deps');
  rememberLocale(c, locale);
  const user = c.get('user');
  if (user) {
    await limitRequest(c, profileLimit);
    await setLocale(deps, user.id, locale);
  }
  return c.redirect(safeNext(values['next']), 303);
});

// ---- Forgotten password ----

accountRoutes.get('/forgot-password', (c) => render(c, <ForgotPasswordPage ctx={viewContext(c)} />));

accountRoutes.post('/forgot-password', async (c) => {
  const deps = c.get('deps');
  return submitForm(c, {
    schema: forgotSchema,
    command: async (input) => {
      await deps.rateLimits.consume(passwordResetLimit, `ip:${clientIp(c)}`);
      // Past a few mails to one address in an hour, none is sent (the answer is the same).
      if (await deps.rateLimits.tryConsume(accountMailLimit, `email:${input.email}`)) await requestPasswordReset(deps, input);
      return input.email;
    },
    rejected: ({ values, errors }) => render(c, <ForgotPasswordPage ctx={viewContext(c)} values={values} errors={errors} />, 422),
    done: (email) => respond(c, { redirect: '/sign-in', flash: { kind: 'success', key: 'auth.forgot.done', params: { email } } }),
  });
});

/** The reset link: its code is after the '#' (decision 0068); whether it still works is known when the form is sent. */
accountRoutes.get('/reset-password', (c) => render(c, <ResetPasswordPage ctx={viewContext(c)} />));

accountRoutes.post('/reset-password', async (c) => {
  const deps = c.get('deps');
  await deps.rateLimits.consume(passwordSetLimit, `ip:${clientIp(c)}`);
  return submitForm(c, {
    schema: resetSchema,
    command: async (input) => {
      try {
        await resetPassword(deps, input, requestOrigin(c));
        return true;
      } catch (err) {
        if (err instanceof DomainError && err.status === 400) return false; // a used or expired link
        throw err;
      }
    },
    rejected: ({ values, errors }) => render(c, <ResetPasswordPage ctx={viewContext(c)} values={values} errors={errors} />, 422),
    done: (reset) => {
      if (!reset) return invalidLink(c);
      // Any session this browser had is gone with the others.
      c.header('Set-Cookie', deps.sessions.blankCookie(), { append: true });
      return respond(c, { redirect: '/sign-in', flash: { kind: 'success', key: 'auth.reset.done' } });
    },
  });
});

// ---- Account ----

accountRoutes.use('/account', requireSignIn);
accountRoutes.use('/account/*', requireSignIn);

async function profileOf(c: AppContext) {
  const profile = await getProfile(c.get('deps').db, signedIn(c).user.id);
  if (!profile) throw new BadRequestError();
  return profile;
}

accountRoutes.get('/account', async (c) => {
  const p = await profileOf(c);
  return render(
    c,
    <ProfilePage ctx={viewContext(c)} values={{ displayName: p.displayName, bio: p.bio, locale: p.locale }} email={p.email} emailVerified={p.verifiedAt !== null} />,
  );
});

accountRoutes.post('/account', async (c) => {
  const { user } = signedIn(c);
  await limitRequest(c, profileLimit);
  return submitForm(c, {
    schema: profileSchema,
    command: (input) => updateProfile(c.get('deps'), user.id, input),
    rejected: async ({ values, errors }) => {
      const p = await profileOf(c);
      return render(c, <ProfilePage ctx={viewContext(c)} values={values} errors={errors} email={p.email} emailVerified={p.verifiedAt !== null} />, 422);
    },
    done: ({ held }) => respond(c, { redirect: '/account', flash: held ? { kind: 'info', key: 'moderation.newAccount.bioHeld' } : { kind: 'success', key: 'auth.profile.done' } }),
  });
});

// ---- Your sessions ----

accountRoutes.get('/account/sessions', async (c) => {
  const { user, session } = signedIn(c);
  const deps = c.get('deps');
  const [rows, staff] = await Promise.all([deps.sessions.list(user.id), deps.sessions.isStaff(user.id)]);
  const list = rows.map((r) => ({ ...r, current: r.handle === session.handle }));
  return render(c, <SessionsPage ctx={viewContext(c)} sessions={list} idleMinutes={staff ? STAFF_IDLE_MINUTES : null} />);
});

accountRoutes.post('/account/sessions/end-others', requireRecentAuth, async (c) => {
  const { user, session } = signedIn(c);
  await limitRequest(c, profileLimit);
  const ended = await c.get('deps').sessions.invalidateOthers(user.id, session.id);
  await recordSecurityEvent(c, { kind: 'session.end_others', outcome: 'success', detail: { ended } });
  return respond(c, { redirect: '/account/sessions', flash: { kind: 'success', key: 'auth.sessions.othersEnded' } });
});

accountRoutes.post('/account/sessions/:handle/end', requireRecentAuth, async (c) => {
  const { user, session } = signedIn(c);
  const handle = c.req.param('handle');
  if (!isUuid(handle)) throw new NotFoundError('session');
  if (handle === session.handle) throw new BadRequestError('auth.sessions.isCurrent');
  await limitRequest(c, profileLimit);
  const ended = await c.get('deps').sessions.endByHandle(user.id, handle);
  await recordSecurityEvent(c, { kind: 'session.end', outcome: ended ? 'success' : 'failure', detail: { session: handle } });
  return respond(c, { redirect: '/account/sessions', flash: ended ? { kind: 'success', key: 'auth.sessions.ended' } : { kind: 'info', key: 'auth.sessions.gone' } });
});

accountRoutes.get('/account/password', (c) => render(c, <ChangePasswordPage ctx={viewContext(c)} />));

accountRoutes.post('/account/password', async (c) => {
  const { user } = signedIn(c);
  await c.get('deps').rateLimits.consume(passwordChangeLimit, `user:${user.id}`);
  return submitForm(c, {
    schema: changePasswordSchema,
    command: (input) => changePassword(c.get('deps'), user.id, input, { device: deviceOf(c), origin: requestOrigin(c) }),
    rejected: ({ errors }) => render(c, <ChangePasswordPage ctx={viewContext(c)} errors={errors} />, 422),
    done: (started) => {
      c.header('Set-Cookie', started.cookie, { append: true });
      return respond(c, { redirect: '/account', flash: { kind: 'success', key: 'auth.password.done' } });
    },
  });
});
