import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { CsrfField } from '../components/CsrfField.js';
import { ErrorSummary, Field, SubmitButton, type FormErrors, type FormValues } from '../components/Form.js';
import type { OrgRole } from './parts.js';

type Props = {
  ctx: ViewContext;
  org: { name: string; slug: string };
  userId: string;
  role: OrgRole;
  values: FormValues;
  listed: boolean;
  errors?: FormErrors | undefined;
};

/** A member's own page: their public title and listing, and leaving. */
export function MembershipPage({ ctx, org, userId, role, values, listed, errors }: Props) {
  const { t } = ctx;
  const title = t('orgs.membership.title', { organisation: org.name });
  const base = `/organisations/${org.slug}`;
  return (
    <Page ctx={ctx} title={title}>
      <div class="narrow">
        <p>
          <a href={base}>{org.name}</a>
        </p>
        <h1>{title}</h1>
        <ErrorSummary t={t} errors={errors} />
        <p>{t('orgs.membership.role', { role: t(`orgs.role.${role}`) })}</p>
        <form method="post" action={`${base}/members/${userId}`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Field t={t} name="title" label={t('orgs.field.title')} hint={t('orgs.field.title.hint')} value={values['title']} error={errors?.['title']} maxLength={120} required={false} />
          <div class="field">
            <label class="choice">
              <input type="checkbox" id="listedPublicly" name="listedPublicly" value="on" checked={listed} /> {t('orgs.field.listed')}
            </label>
          </div>
          <SubmitButton>{t('form.save')}</SubmitButton>
        </form>
        <h2>{t('orgs.membership.leave.title')}</h2>
        <p>{t('orgs.membership.leave.body')}</p>
        <form method="post" action={`${base}/members/${userId}/remove`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="button button-secondary">
            {t('orgs.membership.leave.submit', { organisation: org.name })}
          </button>
        </form>
      </div>
    </Page>
  );
}
