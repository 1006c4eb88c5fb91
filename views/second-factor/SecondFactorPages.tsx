import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { ButtonForm } from '../components/ButtonForm.js';
import { CsrfField } from '../components/CsrfField.js';
import { ErrorSummary, Field, SubmitButton, type FormErrors } from '../components/Form.js';
import { Time } from '../components/Time.js';

/** The browser script for passkeys (public/js/webauthn.js): loaded only by the pages with a passkey form. */
export const WEBAUTHN_SCRIPT = '/static/js/webauthn.js';

type PasskeyView = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };

/** The passkey form's data attributes: options for the browser, and what to say when it fails or cannot. */
function passkeyForm(ctx: ViewContext, kind: 'register' | 'authenticate', options: unknown) {
  const { t } = ctx;
  return {
    'data-webauthn': kind,
    'data-options': JSON.stringify(options),
    'data-error-message': t('secondFactor.passkey.browserFailed'),
    'data-unsupported-message': t('secondFactor.passkey.unsupported'),
  };
}

/**
 * "Sign-in and security": the person's passkeys (add, remove), their authenticator app (set up,
 * remove) and recovery codes (how many are left, new ones). Passkeys need JavaScript; the page says
 * so, and the authenticator app works without it.
 */
export function SecurityPage({
  ctx,
  passkeys,
  totp,
  recoveryLeft,
  required,
  registration,
  errors,
  values = {},
}: {
  ctx: ViewContext;
  passkeys: PasskeyView[];
  totp: { confirmed: boolean } | null;
  recoveryLeft: number;
  required: boolean;
  registration: unknown;
  errors?: FormErrors | undefined;
  values?: Record<string, string>;
}) {
  const { t } = ctx;
  const any = passkeys.length > 0 || totp?.confirmed === true;
  return (
    <Page ctx={ctx} title={t('secondFactor.title')} scripts={[WEBAUTHN_SCRIPT]}>
      <h1>{t('secondFactor.title')}</h1>
      <p>{t('secondFactor.lead')}</p>
      {required && !any && <p class="notice">{t('secondFactor.required.notice')}</p>}
      {required && any && <p>{t('secondFactor.required.met')}</p>}
      <ErrorSummary
        t={t}
        errors={errors ? Object.fromEntries(Object.entries(errors).map(([field, key]) => [field === 'credential' ? 'passkeys-heading' : field, key])) : undefined}
        labels={{ name: t('secondFactor.passkey.name'), 'passkeys-heading': t('secondFactor.passkey.heading') }}
      />

      <section aria-labelledby="passkeys-heading">
        <h2 id="passkeys-heading">{t('secondFactor.passkey.heading')}</h2>
        <p>{t('secondFactor.passkey.lead')}</p>
        {passkeys.length === 0 ? (
          <p class="empty">{t('secondFactor.passkey.none')}</p>
        ) : (
          <ul class="session-list">
            {passkeys.map((p) => (
              <li class="session-item">
                <p class="session-device">
                  <strong>{p.name}</strong>
                </p>
                <p class="session-times">
                  {t('secondFactor.passkey.added')} <Time at={p.createdAt} locale={ctx.locale} />.{' '}
                  {p.lastUsedAt ? (
                    <>
                      {t('secondFactor.passkey.lastUsed')} <Time at={p.lastUsedAt} locale={ctx.locale} />.
                    </>
                  ) : (
                    t('secondFactor.passkey.neverUsed')
                  )}
                </p>
                <ButtonForm action={`/account/security/passkeys/${p.id}/remove`} csrfToken={ctx.csrfToken} button="button button-secondary button-small" ariaLabel={t('secondFactor.passkey.removeNamed', { name: p.name })}>
                  {t('secondFactor.remove')}
                </ButtonForm>
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/account/security/passkeys" {...passkeyForm(ctx, 'register', registration)}>
          <CsrfField token={ctx.csrfToken} />
          <Field t={t} name="name" label={t('secondFactor.passkey.name')} hint={t('secondFactor.passkey.name.hint')} value={values['name']} error={errors?.['name']} maxLength={60} required />
          <p class="error-message" data-webauthn-error role="alert" hidden></p>
          <noscript>
            <p>{t('secondFactor.passkey.needsScript')}</p>
          </noscript>
          <SubmitButton>{t('secondFactor.passkey.add')}</SubmitButton>
        </form>
      </section>

      <section aria-labelledby="totp-heading">
        <h2 id="totp-heading">{t('secondFactor.totp.heading')}</h2>
        <p>{t('secondFactor.totp.lead')}</p>
        {totp?.confirmed ? (
          <>
            <p>{t('secondFactor.totp.on')}</p>
            <ButtonForm action="/account/security/totp/remove" csrfToken={ctx.csrfToken} button="button button-secondary" inline={false}>
              {t('secondFactor.totp.remove')}
            </ButtonForm>
          </>
        ) : (
          <ButtonForm action="/account/security/totp/start" csrfToken={ctx.csrfToken} inline={false}>
            {t('secondFactor.totp.setUp')}
          </ButtonForm>
        )}
      </section>

      <section aria-labelledby="recovery-heading">
        <h2 id="recovery-heading">{t('secondFactor.recovery.heading')}</h2>
        <p>{t('secondFactor.recovery.lead')}</p>
        {any ? (
          <>
            <p>{t('secondFactor.recovery.left', { count: recoveryLeft })}</p>
            <ButtonForm action="/account/security/recovery-codes" csrfToken={ctx.csrfToken} button="button button-secondary" inline={false}>
              {t('secondFactor.recovery.renew')}
            </ButtonForm>
          </>
        ) : (
          <p class="empty">{t('secondFactor.recovery.afterFirst')}</p>
        )}
      </section>
      <p>
        <a href="/account/sessions">{t('auth.sessions.title')}</a>
      </p>
    </Page>
  );
}

/** Setting up an authenticator app: the key to type in (or the otpauth link to open), then a first code. */
export function TotpSetupPage({ ctx, secret, uri, errors }: { ctx: ViewContext; secret: string; uri: string; errors?: FormErrors | undefined }) {
  const { t } = ctx;
  const grouped = secret.match(/.{1,4}/g)?.join(' ') ?? secret;
  return (
    <Page ctx={ctx} title={t('secondFactor.totp.setUpTitle')}>
      <div class="narrow">
        <h1>{t('secondFactor.totp.setUpTitle')}</h1>
        <ErrorSummary t={t} errors={errors} labels={{ code: t('secondFactor.code.label') }} />
        <ol>
          <li>{t('secondFactor.totp.step1')}</li>
          <li>
            {t('secondFactor.totp.step2')}{' '}
            <code class="secret-key" translate="no">
              {grouped}
            </code>{' '}
            (<a href={uri}>{t('secondFactor.totp.openApp')}</a>)
          </li>
          <li>{t('secondFactor.totp.step3')}</li>
        </ol>
        <form method="post" action="/account/security/totp" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Field t={t} name="code" label={t('secondFactor.code.label')} hint={t('secondFactor.code.hint')} error={errors?.['code']} autocomplete="one-time-code" maxLength={12} required />
          <SubmitButton>{t('secondFactor.totp.confirm')}</SubmitButton>
        </form>
        <p>
          <a href="/account/security">{t('form.cancel')}</a>
        </p>
      </div>
    </Page>
  );
}

/** The recovery codes, shown this once (the page is never cached: every signed-in answer is no-store). */
export function RecoveryCodesPage({ ctx, codes }: { ctx: ViewContext; codes: string[] }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('secondFactor.recovery.shownTitle')}>
      <div class="narrow">
        <h1>{t('secondFactor.recovery.shownTitle')}</h1>
        <p>{t('secondFactor.recovery.shownLead')}</p>
        <ul class="recovery-codes" translate="no">
          {codes.map((code) => (
            <li>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <p>
          <a class="button" href="/account/security">
            {t('secondFactor.recovery.saved')}
          </a>
        </p>
        <p>
          {t('secondFactor.recovery.othersHint')} <a href="/account/sessions">{t('secondFactor.recovery.othersLink')}</a>.
        </p>
      </div>
    </Page>
  );
}

type Method = 'passkey' | 'code' | 'recovery' | 'password';

/**
 * The second step of signing in, and the re-authentication before a sensitive action: the
 * person's passkey (with JavaScript), a code from their authenticator app, or a recovery code —
 * or, for re-authentication without a second factor, their password.
 */
export function VerifyPage({
  ctx,
  mode,
  next,
  methods,
  authentication,
  errors,
  failed,
}: {
  ctx: ViewContext;
  mode: 'sign-in' | 'reauth';
  next: string;
  methods: Method[];
  authentication: unknown;
  errors?: FormErrors | undefined;
  failed?: Method | undefined;
}) {
  const { t } = ctx;
  // The summary links each error to its field: the code fields have ids of their own (two forms share the name).
  const anchor: Record<Method, string> = { passkey: 'verify-passkey', code: 'totp-code', recovery: 'recovery-code', password: 'password' };
  const message = errors ? Object.values(errors)[0] : undefined;
  const summary = failed && message ? { [anchor[failed]]: message } : undefined;
  const action = mode === 'sign-in' ? '/sign-in/verify' : '/reauth';
  const title = mode === 'sign-in' ? t('secondFactor.verify.title') : t('secondFactor.reauth.title');
  const hidden = (method: Method) => (
    <>
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="method" value={method} />
      <input type="hidden" name="next" value={next} />
    </>
  );
  return (
    <Page ctx={ctx} title={title} scripts={methods.includes('passkey') ? [WEBAUTHN_SCRIPT] : []}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>{mode === 'sign-in' ? t('secondFactor.verify.lead') : t('secondFactor.reauth.lead')}</p>
        <ErrorSummary t={t} errors={summary} labels={{ 'totp-code': t('secondFactor.code.label'), 'recovery-code': t('secondFactor.recovery.label'), 'verify-passkey': t('secondFactor.passkey.heading'), password: t('auth.field.password') }} />
        {methods.includes('passkey') && (
          <section aria-labelledby="verify-passkey">
            <h2 id="verify-passkey">{t('secondFactor.passkey.heading')}</h2>
            <form method="post" action={action} {...passkeyForm(ctx, 'authenticate', authentication)}>
              {hidden('passkey')}
              <p class="error-message" data-webauthn-error role="alert" hidden></p>
              <noscript>
                <p>{t('secondFactor.passkey.needsScript')}</p>
              </noscript>
              <SubmitButton>{t('secondFactor.passkey.use')}</SubmitButton>
            </form>
          </section>
        )}
        {methods.includes('code') && (
          <section aria-labelledby="verify-code">
            <h2 id="verify-code">{t('secondFactor.totp.heading')}</h2>
            <form method="post" action={action} novalidate>
              {hidden('code')}
              <Field t={t} id="totp-code" name="code" label={t('secondFactor.code.label')} hint={t('secondFactor.code.hint')} error={failed === 'code' ? errors?.['code'] : undefined} autocomplete="one-time-code" maxLength={12} required />
              <SubmitButton>{t('secondFactor.verify.submit')}</SubmitButton>
            </form>
          </section>
        )}
        {methods.includes('recovery') && (
          <section aria-labelledby="verify-recovery">
            <h2 id="verify-recovery">{t('secondFactor.recovery.heading')}</h2>
            <form method="post" action={action} novalidate>
              {hidden('recovery')}
              <Field t={t} id="recovery-code" name="code" label={t('secondFactor.recovery.label')} hint={t('secondFactor.recovery.hint')} error={failed === 'recovery' ? errors?.['code'] : undefined} autocomplete="off" maxLength={24} required />
              <SubmitButton>{t('secondFactor.recovery.use')}</SubmitButton>
            </form>
          </section>
        )}
        {methods.includes('password') && (
          <form method="post" action={action} novalidate>
            {hidden('password')}
            <Field t={t} name="password" type="password" label={t('auth.field.password')} error={errors?.['password']} autocomplete="current-password" required />
            <SubmitButton>{t('secondFactor.reauth.submit')}</SubmitButton>
          </form>
        )}
        {mode === 'sign-in' && (
          <ButtonForm action="/sign-in/verify/cancel" csrfToken={ctx.csrfToken} button="link-button" inline={false}>
            {t('secondFactor.verify.cancel')}
          </ButtonForm>
        )}
      </div>
    </Page>
  );
}
