import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { CsrfField } from '../components/CsrfField.js';
import { ErrorSummary, Field, SubmitButton, type FormErrors, type FormValues } from '../components/Form.js';

export type FormProps = { ctx: ViewContext; values?: FormValues; errors?: FormErrors };

export function SignUpPage({ ctx, values = {}, errors, next }: FormProps & { next?: string | undefined }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('auth.signUp.title')}>
      <div class="narrow">
        <h1>{t('auth.signUp.title')}</h1>
        <ErrorSummary t={t} errors={errors} />
        <p>{t('auth.signUp.lead')}</p>
        <form method="post" action="/sign-up" novalidate>
          <CsrfField token={ctx.csrfToken} />
          {next && <input type="hidden" name="next" value={next} />}
          <Field t={t} name="displayName" label={t('auth.field.displayName')} hint={t('auth.field.displayName.hint')} value={values['displayName']} error={errors?.['displayName']} autocomplete="name" maxLength={80} required />
          <Field t={t} name="email" type="email" label={t('auth.field.email')} value={values['email']} error={errors?.['email']} autocomplete="email" required />
          <Field t={t} name="password" type="password" label={t('auth.field.password')} hint={t('auth.field.password.hint')} error={errors?.['password']} autocomplete="new-password" required />
          <SubmitButton>{t('auth.signUp.submit')}</SubmitButton>
        </form>
        <p>
          {t('auth.signUp.haveAccount')} <a href={next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'}>{t('auth.signIn.title')}</a>
        </p>
      </div>
    </Page>
  );
}

export function SignInPage({ ctx, values = {}, errors, next }: FormProps & { next?: string | undefined }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('auth.signIn.title')}>
      <div class="narrow">
        <h1>{t('auth.signIn.title')}</h1>
        <ErrorSummary t={t} errors={errors} />
        <form method="post" action="/sign-in" novalidate>
          <CsrfField token={ctx.csrfToken} />
          {next && <input type="hidden" name="next" value={next} />}
          <Field t={t} name="email" type="email" label={t('auth.field.email')} value={values['email']} error={errors?.['email']} autocomplete="username" required />
          <Field t={t} name="password" type="password" label={t('auth.field.password')} error={errors?.['password']} autocomplete="current-password" required />
          <SubmitButton>{t('auth.signIn.submit')}</SubmitButton>
        </form>
        <p>
          <a href="/forgot-password">{t('auth.signIn.forgot')}</a>
        </p>
        <p>
          {t('auth.signIn.noAccount')} <a href="/sign-up">{t('auth.signUp.title')}</a>
        </p>
      </div>
    </Page>
  );
}

export function ForgotPasswordPage({ ctx, values = {}, errors }: FormProps) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('auth.forgot.title')}>
      <div class="narrow">
        <h1>{t('auth.forgot.title')}</h1>
        <ErrorSummary t={t} errors={errors} />
        <p>{t('auth.forgot.lead')}</p>
        <form method="post" action="/forgot-password" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Field t={t} name="email" type="email" label={t('auth.field.email')} value={values['email']} error={errors?.['email']} autocomplete="email" required />
          <SubmitButton>{t('auth.forgot.submit')}</SubmitButton>
        </form>
      </div>
    </Page>
  );
}

export function ResetPasswordPage({ ctx, errors, token }: FormProps & { token: string }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('auth.reset.title')}>
      <div class="narrow">
        <h1>{t('auth.reset.title')}</h1>
        <ErrorSummary t={t} errors={errors} />
        <form method="post" action="/reset-password" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="token" value={token} />
          <Field t={t} name="password" type="password" label={t('auth.field.newPassword')} hint={t('auth.field.password.hint')} error={errors?.['password']} autocomplete="new-password" required />
          <SubmitButton>{t('auth.reset.submit')}</SubmitButton>
        </form>
      </div>
    </Page>
  );
}

export function ChangePasswordPage({ ctx, errors }: FormProps) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('auth.password.title')}>
      <div class="narrow">
        <h1>{t('auth.password.title')}</h1>
        <ErrorSummary t={t} errors={errors} />
        <p>{t('auth.password.lead')}</p>
        <form method="post" action="/account/password" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Field t={t} name="currentPassword" type="password" label={t('auth.field.currentPassword')} error={errors?.['currentPassword']} autocomplete="current-password" required />
          <Field t={t} name="newPassword" type="password" label={t('auth.field.newPassword')} hint={t('auth.field.password.hint')} error={errors?.['newPassword']} autocomplete="new-password" required />
          <SubmitButton>{t('auth.password.submit')}</SubmitButton>
        </form>
      </div>
    </Page>
  );
}

export function ProfilePage({ ctx, values = {}, errors, email, emailVerified }: FormProps & { email: string; emailVerified: boolean }) {
  const { t } = ctx;
  const locale = values['locale'] ?? ctx.locale;
  return (
    <Page ctx={ctx} title={t('auth.profile.title')}>
      <div class="narrow">
        <h1>{t('auth.profile.title')}</h1>
        <ErrorSummary t={t} errors={errors} />
        <p>
          {t('auth.field.email')}: <strong>{email}</strong> ({emailVerified ? t('auth.profile.emailVerified') : t('auth.profile.emailUnverified')})
        </p>
        <p>
          <a href="/account/ideas">{t('ideas.mine.link')}</a>
        </p>
        <form method="post" action="/account" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Field t={t} name="displayName" label={t('auth.field.displayName')} hint={t('auth.field.displayName.hint')} value={values['displayName']} error={errors?.['displayName']} autocomplete="name" maxLength={80} required />
          <Field t={t} name="bio" type="textarea" label={t('auth.profile.bio')} hint={t('auth.profile.bio.hint')} value={values['bio']} error={errors?.['bio']} maxLength={500} required={false} />
          <fieldset class={`field${errors?.['locale'] ? ' field-error' : ''}`}>
            <legend>{t('auth.profile.locale')}</legend>
            {(['en', 'fr'] as const).map((l) => (
              <label class="choice">
                <input type="radio" name="locale" value={l} checked={locale === l} /> <span lang={l}>{t(`locale.${l}`)}</span>
              </label>
            ))}
          </fieldset>
          <SubmitButton>{t('form.save')}</SubmitButton>
        </form>
        <p>
          <a href="/account/password">{t('auth.profile.changePassword')}</a>
        </p>
      </div>
    </Page>
  );
}
