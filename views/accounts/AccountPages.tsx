import { FormPage } from '../layout/FormPage.js';
import type { ViewContext } from '../layout/types.js';
import { Field, type FormErrors, type FormValues } from '../components/Form.js';
import { Message } from '../components/Message.js';

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
            {t('auth.signIn.noAccount')} <a href="/sign-up">{t('auth.signUp.title')}</a>
          </p>
        </>
      }
    >
      <NextField next={next} />
      <Field t={t} name="email" type="email" label={t('auth.field.email')} value={values['email']} error={errors?.['email']} autocomplete="username" required />
      <Field t={t} name="password" type="password" label={t('auth.field.password')} error={errors?.['password']} autocomplete="current-password" required />
    </FormPage>
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

export function ResetPasswordPage({ ctx, errors, token }: FormProps & { token: string }) {
  const { t } = ctx;
  return (
    <FormPage ctx={ctx} title={t('auth.reset.title')} errors={errors} action="/reset-password" submit={t('auth.reset.submit')}>
      <input type="hidden" name="token" value={token} />
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
        <p>
          <a href="/account/password">{t('auth.profile.changePassword')}</a>
        </p>
      }
    >
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
    </FormPage>
  );
}
