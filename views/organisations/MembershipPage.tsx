import { FormPage } from '../layout/FormPage.js';
import type { ViewContext } from '../layout/types.js';
import { Field, type FormErrors, type FormValues } from '../components/Form.js';
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
  const base = `/organisations/${org.slug}`;
  return (
    <FormPage
      ctx={ctx}
      title={t('orgs.membership.title', { organisation: org.name })}
      breadcrumb={
        <p>
          <a href={base}>{org.name}</a>
        </p>
      }
      errors={errors}
      intro={<p>{t('orgs.membership.role', { role: t(`orgs.role.${role}`) })}</p>}
      action={`${base}/members/${userId}`}
      submit={t('form.save')}
      after={
        <>
          <h2>{t('orgs.membership.leave.title')}</h2>
          <p>{t('orgs.membership.leave.body')}</p>
          <p>
            <a href={`${base}/members/${userId}/remove`} class="button button-secondary">
              {t('orgs.membership.leave.submit', { organisation: org.name })}
            </a>
          </p>
        </>
      }
    >
      <Field t={t} name="title" label={t('orgs.field.title')} hint={t('orgs.field.title.hint')} value={values['title']} error={errors?.['title']} maxLength={120} required={false} />
      <div class="field">
        <label class="choice" for="listedPublicly">
          <input type="checkbox" id="listedPublicly" name="listedPublicly" value="on" checked={listed} /> {t('orgs.field.listed')}
        </label>
      </div>
    </FormPage>
  );
}
