import { FormPage } from '../layout/FormPage.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { ButtonForm } from '../components/ButtonForm.js';
import { CsrfField } from '../components/CsrfField.js';
import { ErrorSummary, Field, SubmitButton, type FormErrors, type FormValues } from '../components/Form.js';
import { Message } from '../components/Message.js';
import { Honeypot } from '../components/Honeypot.js';
import { Time } from '../components/Time.js';

export type FormProps = { ctx: ViewContext; values?: FormValues; errors?: FormErrors };

/** Comes back to `next` after signing in or up (a plain field: the form works without JavaScript). */
const NextField = ({ next }: { next: string | undefined }) => (next ? <input type="hidden" name="next" value={next} /> : null);

export function SignUpPage({ ctx, values = {}, errors, next }: FormProps & { next?: string | undefined }) {
  const { t } = ctx;
  return (
    <FormPage
      ctx={ctx}
      title={t('auth.signUp.title')}
      errors={errors}
      intro={<p>{t('auth.signUp.lead')}</p>}
      action="/sign-up"
      submit={t('auth.signUp.submit')}
      after={
        <p>
          {t('auth.signUp.haveAccount')} <a href={next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'}>{t('auth.signIn.title')}</a>
        </p>
      }
    >
      <NextField next={next} />
      <Honeypot t={t} />
      <Field t={t} name="displayName" label={t('auth.field.displayName')} hint={t('auth.field.displayName.hint')} value={values['displayName']} error={errors?.['displayName']} autocomplete="name" maxLength={80} required />
      <Field t={t} name="email" type="email" label={t('auth.field.email')} value={values['email']} error={errors?.['email']} autocomplete="email" required />
      <Field t={t} name="password" type="password" label={t('auth.field.password')} hint={t('auth.field.password.hint')} error={errors?.['password']} autocomplete="new-password" required />
    </FormPage>
  );
}

export function SignInPage({ ctx, values = {}, errors, next }: FormProps & { next?: string | undefined }) {
  const { t } = ctx;
  return (
    <FormPage
      ctx={ctx}
      title={t('auth.signIn.title')}
      errors={errors}
      action="/sign-in"
      submit={t('auth.signIn.submit')}
      after={
        <>
          <p>
            <a href="/forgot-password">{t('auth.signIn.forgot')}</a>
          </p>
          <p>
            {t('auth.signIn.noAccount')} <a href={next ? `/sign-up?next=${encodeURIComponent(next)}` : '/sign-up'}>{t('auth.signUp.title')}</a>
          </p>
        </>
      }
    >
      {/* Called, not mounted, so the error summary finds the fields and names them. */}
      {SignInFields({ ctx, values, errors, next })}
    </FormPage>
  );
}

function SignInFields({ ctx, values = {}, errors, next }: FormProps & { next?: string | undefined }) {
  const { t } = ctx;
  return (
    <>
      <NextField next={next} />
      <Field t={t} name="email" type="email" label={t('auth.field.email')} value={values['email']} error={errors?.['email']} autocomplete="username" required />
      <Field t={t} name="password" type="password" label={t('auth.field.password')} error={errors?.['password']} autocomplete="current-password" required />
    </>
  );
}

/**
 * After sign-up (and after asking for the link again): where the link went, what to do with it,
 * and what to do when nothing arrives — with the button that sends it again. `email` is the
 * address typed at sign-up (or the signed-in person's); unknown, the form asks for it.
 */
export function CheckEmailPage({ ctx, email, values = {}, errors }: FormProps & { email: string | null }) {
  const { t } = ctx;
  const title = t('auth.checkEmail.title');
  const signedIn = ctx.user !== null;
  return (
    <Page ctx={ctx} title={title} unconfirmedNotice={false}>
      <div class="narrow">
        <h1>{title}</h1>
        <ErrorSummary t={t} errors={errors} />
        <p class="lead">{email ? t('auth.checkEmail.sent', { email }) : t('auth.checkEmail.sentSomewhere')}</p>
        <p>{t('auth.checkEmail.then')}</p>
        <h2>{t('auth.checkEmail.nothing')}</h2>
        <ul>
          <li>{t('auth.checkEmail.wait')}</li>
          {!signedIn && (
            <>
              <li>
                {t('auth.checkEmail.wrong')} <a href="/sign-up">{t('auth.signUp.title')}</a>
              </li>
              <li>
                {t('auth.checkEmail.existing')} <a href="/sign-in">{t('auth.signIn.title')}</a> · <a href="/forgot-password">{t('auth.signIn.forgot')}</a>
              </li>
            </>
          )}
        </ul>
        <p>{t('auth.checkEmail.again')}</p>
        <form method="post" action="/verify-email/resend" novalidate>
          <CsrfField token={ctx.csrfToken} />
          {signedIn ? (
            <input type="hidden" name="next" value="/sign-up/check-email" />
          ) : email ? (
            <input type="hidden" name="email" value={email} />
          ) : (
            <Field t={t} name="email" type="email" label={t('auth.field.email')} value={values['email']} error={errors?.['email']} autocomplete="email" required />
          )}
          <SubmitButton>{t('layout.unconfirmed.resend')}</SubmitButton>
        </form>
      </div>
    </Page>
  );
}

/**
 * The confirmation link, opened: the address is confirmed, and signing in is the next step (the
 * link does not sign in: decision 0048). `email` prefills the form when this visit confirmed it;
 * a link already used (a mail scanner may have opened it first) says so without naming the address.
 */
export function EmailConfirmedPage({ ctx, email, next }: { ctx: ViewContext; email: string | null; next?: string | undefined }) {
  const { t } = ctx;
  return (
    <FormPage
      ctx={ctx}
      title={email ? t('auth.confirmed.title') : t('auth.confirmed.already')}
      intro={<p class="lead">{t('auth.confirmed.lead')}</p>}
      action="/sign-in"
      submit={t('auth.signIn.submit')}
      after={
        <p>
          <a href="/forgot-password">{t('auth.signIn.forgot')}</a>
        </p>
      }
    >
      <SignInFields ctx={ctx} values={{ email: email ?? '' }} next={next} />
    </FormPage>
  );
}

/**
 * A refusal because the person's email address is not confirmed yet (every policy refuses with
 * the one reason, src/lib/policy.ts): what to do — open the link sent to their address — and the
 * button that sends it again, coming back to `next`.
 */
export function UnconfirmedPage({ ctx, email, next }: { ctx: ViewContext; email: string; next: string }) {
  const { t } = ctx;
  const title = t('error.unconfirmed.title');
  return (
    <Page ctx={ctx} title={title} unconfirmedNotice={false}>
      <div class="narrow">
        <h1>{title}</h1>
        <p class="lead">{t('error.unconfirmed.body', { email })}</p>
        <p>{t('error.unconfirmed.help')}</p>
        <ButtonForm action="/verify-email/resend" csrfToken={ctx.csrfToken} fields={{ next }} button="button" inline={false}>
          {t('layout.unconfirmed.resend')}
        </ButtonForm>
        <p>
          <a href="/">{t('error.home')}</a>
        </p>
      </div>
    </Page>
  );
}

export function ForgotPasswordPage({ ctx, values = {}, errors }: FormProps) {
  const { t } = ctx;
  return (
    <FormPage ctx={ctx} title={t('auth.forgot.title')} errors={errors} intro={<p>{t('auth.forgot.lead')}</p>} action="/forgot-password" submit={t('auth.forgot.submit')}>
      <Field t={t} name="email" type="email" label={t('auth.field.email')} value={values['email']} error={errors?.['email']} autocomplete="email" required />
    </FormPage>
  );
}

/** The script that moves a one-time link's code from after the '#' into the form (public/js/link-code.js). */
export const LINK_CODE_SCRIPT = '/static/js/link-code.js';

/**
 * The code of a one-time link (decision 0068): the e-mailed link carries it after '#', which the
 * browser never sends, and the script fills this field from there and hides it (`submit`: and
 * sends the form). Without JavaScript the person pastes the code the e-mail also gives. Shown
 * again after an error in another field, it stays in the form without being shown.
 */
function LinkCodeField(p: { ctx: ViewContext; name: 'token'; label: string; value: string | undefined; error: FormErrors[string] | undefined; then: 'fill' | 'submit' }) {
  // name and label are props so the error summary finds the field's label (fieldLabels).
  if (p.value && !p.error) return <input type="hidden" name={p.name} value={p.value} />;
  const { t } = p.ctx;
  return <Field t={t} name={p.name} label={p.label} hint={t('auth.linkCode.hint')} value={p.value} error={p.error} autocomplete="off" maxLength={200} required data={{ 'data-link-code': p.then }} />;
}

/** The confirmation link, opened: one button (pressed by the script when the link carried the code). */
export function VerifyEmailPage({ ctx, values = {}, errors }: FormProps) {
  const { t } = ctx;
  return (
    <FormPage ctx={ctx} title={t('auth.verify.title')} errors={errors} intro={<p>{t('auth.verify.lead')}</p>} action="/verify-email" submit={t('auth.verify.submit')} scripts={[LINK_CODE_SCRIPT]}>
      <LinkCodeField ctx={ctx} name="token" label={t('auth.linkCode.label')} value={values['token']} error={errors?.['token']} then="submit" />
    </FormPage>
  );
}

export function ResetPasswordPage({ ctx, values = {}, errors }: FormProps) {
  const { t } = ctx;
  return (
    <FormPage ctx={ctx} title={t('auth.reset.title')} errors={errors} action="/reset-password" submit={t('auth.reset.submit')} scripts={[LINK_CODE_SCRIPT]}>
      <LinkCodeField ctx={ctx} name="token" label={t('auth.linkCode.label')} value={values['token']} error={errors?.['token']} then="fill" />
      <Field t={t} name="password" type="password" label={t('auth.field.newPassword')} hint={t('auth.field.password.hint')} error={errors?.['password']} autocomplete="new-password" required />
    </FormPage>
  );
}

export function ChangePasswordPage({ ctx, errors }: FormProps) {
  const { t } = ctx;
  return (
    <FormPage ctx={ctx} title={t('auth.password.title')} errors={errors} intro={<p>{t('auth.password.lead')}</p>} action="/account/password" submit={t('auth.password.submit')}>
      <Field t={t} name="currentPassword" type="password" label={t('auth.field.currentPassword')} error={errors?.['currentPassword']} autocomplete="current-password" required />
      <Field t={t} name="newPassword" type="password" label={t('auth.field.newPassword')} hint={t('auth.field.password.hint')} error={errors?.['newPassword']} autocomplete="new-password" required />
    </FormPage>
  );
}

export function ProfilePage({ ctx, values = {}, errors, email, emailVerified }: FormProps & { email: string; emailVerified: boolean }) {
  const { t } = ctx;
  const locale = values['locale'] ?? ctx.locale;
  return (
    <FormPage
      ctx={ctx}
      title={t('auth.profile.title')}
      errors={errors}
      intro={
        <>
          <p>
            <Message t={t} k="common.labelled" params={{ label: t('auth.field.email') }} slot="value">
              <strong>{email}</strong>
            </Message>{' '}
            ({emailVerified ? t('auth.profile.emailVerified') : t('auth.profile.emailUnverified')})
          </p>
          <p>
            <a href="/account/ideas">{t('ideas.mine.link')}</a>
          </p>
        </>
      }
      action="/account"
      submit={t('form.save')}
      after={
        <ul class="link-list">
          <li>
            <a href="/account/password">{t('auth.profile.changePassword')}</a>
          </li>
          <li>
            <a href="/account/security">{t('secondFactor.link')}</a>
          </li>
          <li>
            <a href="/account/sessions">{t('auth.sessions.title')}</a>
          </li>
        </ul>
      }
    >
      <Field t={t} name="displayName" label={t('auth.field.displayName')} hint={t('auth.field.displayName.hint')} value={values['displayName']} error={errors?.['displayName']} autocomplete="name" maxLength={80} required />
      <Field t={t} name="bio" type="textarea" label={t('auth.profile.bio')} hint={t('auth.profile.bio.hint')} value={values['bio']} error={errors?.['bio']} maxLength={500} required={false} />
      <fieldset class={`field${errors?.['locale'] ? ' field-error' : ''}`} id="locale" tabindex={-1}>
        <legend>{t('auth.profile.locale')}</legend>
        {(['en', 'fr'] as const).map((l) => (
          <label class="choice">
            <input type="radio" name="locale" value={l} checked={locale === l} /> <span lang={l}>{t(`locale.${l}`)}</span>
          </label>
        ))}
      </fieldset>
    </FormPage>
  );
}

export type SessionView = { handle: string; device: string; createdAt: Date; lastUsedAt: Date; current: boolean };

/**
 * "Your sessions": every browser signed in to the account, with what it is, when it signed in and
 * when it was last used (no place: none is stored), and a button to sign each other one out, or
 * all of them at once.
 */
export function SessionsPage({ ctx, sessions, idleMinutes }: { ctx: ViewContext; sessions: SessionView[]; idleMinutes: number | null }) {
  const { t } = ctx;
  const others = sessions.filter((s) => !s.current).length;
  return (
    <Page ctx={ctx} title={t('auth.sessions.title')}>
      <h1>{t('auth.sessions.title')}</h1>
      <p>{t('auth.sessions.lead')}</p>
      {idleMinutes !== null && <p>{t('auth.sessions.staffIdle', { minutes: idleMinutes })}</p>}
      <ul class="session-list">
        {sessions.map((s) => {
          const device = s.device || t('auth.sessions.unknownDevice');
          return (
            <li class="session-item">
              <p class="session-device">
                <strong>{device}</strong>
                {s.current && <> — {t('auth.sessions.current')}</>}
              </p>
              <p class="session-times">
                {t('auth.sessions.signedIn')} <Time at={s.createdAt} locale={ctx.locale} style="dateTime" />. {t('auth.sessions.lastUsed')}{' '}
                <Time at={s.lastUsedAt} locale={ctx.locale} style="dateTime" />.
              </p>
              {!s.current && (
                <ButtonForm action={`/account/sessions/${s.handle}/end`} csrfToken={ctx.csrfToken} button="button button-secondary button-small" ariaLabel={t('auth.sessions.endOne.label', { device })}>
                  {t('auth.sessions.endOne')}
                </ButtonForm>
              )}
            </li>
          );
        })}
      </ul>
      {others === 0 ? (
        <p class="empty">{t('auth.sessions.noOthers')}</p>
      ) : (
        <ButtonForm action="/account/sessions/end-others" csrfToken={ctx.csrfToken} inline={false}>
          {t('auth.sessions.endOthers')}
        </ButtonForm>
      )}
    </Page>
  );
}
