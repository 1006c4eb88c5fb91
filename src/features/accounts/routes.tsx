import { Hono } from 'hono';
import { eq } from 'drizzle-orm';
import { requireSignIn, signedIn } from '../../auth/guard.js';
import { users } from '../../db/schema/index.js';
import type { AppContext, AppEnv } from '../../lib/context.js';
import { BadRequestError, DomainError } from '../../lib/errors.js';
import { parseForm, tryCommand } from '../../lib/form.js';
import { clientIp, render, respond, safeNext, viewContext, ANON_CSRF_COOKIE } from '../../lib/http.js';
import { deleteCookie } from 'hono/cookie';
import {
  ChangePasswordPage,
  ForgotPasswordPage,
  ProfilePage,
  ResetPasswordPage,
  SignInPage,
  SignUpPage,
} from '../../../views/accounts/AccountPages.js';
import { ErrorPage } from '../../../views/errors/ErrorPage.js';
import { changePasswordSchema, forgotSchema, profileSchema, resetSchema, signInSchema, signUpSchema } from './schemas.js';
import { signUp } from './commands/sign-up.js';
import { resendVerification, verifyEmail } from './commands/verify-email.js';
import { signIn } from './commands/sign-in.js';
import { requestPasswordReset, resetPassword } from './commands/password-reset.js';
import { changePassword } from './commands/change-password.js';
import { updateProfile } from './commands/update-profile.js';
import { checkToken } from './commands/use-token.js';

export const accountRoutes = new Hono<AppEnv>();

const invalidLink = (c: AppContext) =>
  render(c, <ErrorPage ctx={viewContext(c)} title="auth.verify.invalid.title" body="auth.verify.invalid.body" />, 400);

/** Starts a session: the new session cookie replaces any old one, and the anonymous CSRF cookie goes. */
function startSession(c: AppContext, cookie: string) {
  c.header('Set-Cookie', cookie, { append: true });
  deleteCookie(c, ANON_CSRF_COOKIE, { path: '/' });
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
  await deps.rateLimits.consume('signUp', `ip:${clientIp(c)}`);
  const form = await parseForm(c, signUpSchema);
  const next = nextParam(form.values['next']);
  if (!form.ok) return render(c, <SignUpPage ctx={viewContext(c)} values={form.values} errors={form.errors} next={next} />, 422);
  const result = await tryCommand(() => signUp(deps, { ...form.data, locale: c.get('locale') }));
  if (!result.ok) return render(c, <SignUpPage ctx={viewContext(c)} values={form.values} errors={result.errors} next={next} />, 422);
  return respond(c, { redirect: next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in', flash: { kind: 'success', key: 'auth.signUp.done.body', params: { email: form.data.email } } });
});

accountRoutes.get('/verify-email', async (c) => {
  const token = c.req.query('token');
  if (!token || token.length > 200) return invalidLink(c);
  try {
    await verifyEmail(c.get('deps'), token);
  } catch (err) {
    if (err instanceof DomainError && err.status === 400) return invalidLink(c);
    throw err;
  }
  return respond(c, { redirect: c.get('user') ? '/' : '/sign-in', flash: { kind: 'success', key: 'auth.verify.done' } });
});

accountRoutes.post('/verify-email/resend', requireSignIn, async (c) => {
  const { user } = signedIn(c);
  const deps = c.get('deps');
  await deps.rateLimits.consume('passwordReset', `resend:${user.id}`);
  await resendVerification(deps, user.id);
  return respond(c, { redirect: '/', flash: { kind: 'success', key: 'auth.verify.resent' } });
});

// ---- Sign in and out ----

accountRoutes.get('/sign-in', (c) => {
  const next = nextParam(c.req.query('next'));
  if (c.get('user')) return c.redirect(next ?? '/', 303);
  return render(c, <SignInPage ctx={viewContext(c)} next={next} />);
});

accountRoutes.post('/sign-in', async (c) => {
  const form = await parseForm(c, signInSchema);
  const next = nextParam(form.values['next']);
  if (!form.ok) return render(c, <SignInPage ctx={viewContext(c)} values={form.values} errors={form.errors} next={next} />, 422);
  const result = await tryCommand(() => signIn(c.get('deps'), { ...form.data, ip: clientIp(c) }));
  if (!result.ok) return render(c, <SignInPage ctx={viewContext(c)} values={{ email: form.values['email'] ?? '' }} errors={result.errors} next={next} />, 422);
  const previous = c.get('session');
  if (previous) await c.get('deps').sessions.invalidate(previous.id);
  startSession(c, result.value.cookie);
  return respond(c, { redirect: next ?? '/', flash: { kind: 'success', key: 'auth.signIn.done' } });
});

accountRoutes.post('/sign-out', async (c) => {
  const { sessions } = c.get('deps');
  const session = c.get('session');
  if (session) await sessions.invalidate(session.id);
  c.header('Set-Cookie', sessions.blankCookie(), { append: true });
  return respond(c, { redirect: '/', flash: { kind: 'success', key: 'auth.signOut.done' } });
});

// ---- Forgotten password ----

accountRoutes.get('/forgot-password', (c) => render(c, <ForgotPasswordPage ctx={viewContext(c)} />));

accountRoutes.post('/forgot-password', async (c) => {
  const form = await parseForm(c, forgotSchema);
  if (!form.ok) return render(c, <ForgotPasswordPage ctx={viewContext(c)} values={form.values} errors={form.errors} />, 422);
  await requestPasswordReset(c.get('deps'), { email: form.data.email, ip: clientIp(c) });
  return respond(c, { redirect: '/sign-in', flash: { kind: 'success', key: 'auth.forgot.done', params: { email: form.data.email } } });
});

accountRoutes.get('/reset-password', async (c) => {
  const token = c.req.query('token');
  if (!token || token.length > 200 || !(await checkToken(c.get('deps').db, token, 'reset_password'))) return invalidLink(c);
  return render(c, <ResetPasswordPage ctx={viewContext(c)} token={token} />);
});

accountRoutes.post('/reset-password', async (c) => {
  const form = await parseForm(c, resetSchema);
  if (!form.ok) {
    if (form.errors['token']) throw new BadRequestError('auth.verify.invalid.body');
    return render(c, <ResetPasswordPage ctx={viewContext(c)} token={form.values['token'] ?? ''} errors={form.errors} />, 422);
  }
  try {
    const result = await tryCommand(() => resetPassword(c.get('deps'), form.data));
    if (!result.ok) return render(c, <ResetPasswordPage ctx={viewContext(c)} token={form.data.token} errors={result.errors} />, 422);
  } catch (err) {
    if (err instanceof DomainError && err.status === 400) return invalidLink(c);
    throw err;
  }
  // Any session this browser had is gone with the others.
  c.header('Set-Cookie', c.get('deps').sessions.blankCookie(), { append: true });
  return respond(c, { redirect: '/sign-in', flash: { kind: 'success', key: 'auth.reset.done' } });
});

// ---- Account ----

accountRoutes.use('/account', requireSignIn);
accountRoutes.use('/account/*', requireSignIn);

async function loadProfile(c: AppContext) {
  const { user } = signedIn(c);
  const [row] = await c
    .get('deps')
    .db.select({ displayName: users.displayName, bio: users.bio, locale: users.locale, email: users.email, verifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, user.id))
    .limit(1);
  if (!row) throw new BadRequestError();
  return row;
}

accountRoutes.get('/account', async (c) => {
  const p = await loadProfile(c);
  return render(
    c,
    <ProfilePage ctx={viewContext(c)} values={{ displayName: p.displayName, bio: p.bio, locale: p.locale }} email={p.email} emailVerified={p.verifiedAt !== null} />,
  );
});

accountRoutes.post('/account', async (c) => {
  const { user } = signedIn(c);
  const form = await parseForm(c, profileSchema);
  if (!form.ok) {
    const p = await loadProfile(c);
    return render(c, <ProfilePage ctx={viewContext(c)} values={form.values} errors={form.errors} email={p.email} emailVerified={p.verifiedAt !== null} />, 422);
  }
  await updateProfile(c.get('deps'), user.id, form.data);
  return respond(c, { redirect: '/account', flash: { kind: 'success', key: 'auth.profile.done' } });
});

accountRoutes.get('/account/password', (c) => render(c, <ChangePasswordPage ctx={viewContext(c)} />));

accountRoutes.post('/account/password', async (c) => {
  const { user } = signedIn(c);
  const form = await parseForm(c, changePasswordSchema);
  if (!form.ok) return render(c, <ChangePasswordPage ctx={viewContext(c)} errors={form.errors} />, 422);
  const result = await tryCommand(() => changePassword(c.get('deps'), user.id, form.data));
  if (!result.ok) return render(c, <ChangePasswordPage ctx={viewContext(c)} errors={result.errors} />, 422);
  c.header('Set-Cookie', result.value.cookie, { append: true });
  return respond(c, { redirect: '/account', flash: { kind: 'success', key: 'auth.password.done' } });
});
