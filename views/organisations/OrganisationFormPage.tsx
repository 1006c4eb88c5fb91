import { FormPage } from '../layout/FormPage.js';
import type { ViewContext } from '../layout/types.js';
import { Field, type FormErrors, type FormValues } from '../components/Form.js';

type Props = {
  ctx: ViewContext;
  /** create: a platform admin creates one; edit: an owner or admin changes one. */
  mode: 'create' | 'edit';
  action: string;
  /** The organisation's current name, for the edit page's heading. */
  currentName?: string;
  values?: FormValues;
  errors?: FormErrors | undefined;
  /** Kind, slug and verified are editable (platform admin only). */
  identityEditable: boolean;
  cancelHref: string;
};

export function OrganisationFormPage({ ctx, mode, action, currentName, values = {}, errors, identityEditable, cancelHref }: Props) {
  const { t } = ctx;
  const title = mode === 'create' ? t('orgs.form.create.title') : t('orgs.form.edit.title', { organisation: currentName ?? '' });
  const verified = values['verified'] === 'on' || values['verified'] === '1' || values['verified'] === 'true';
  return (
    <FormPage
      ctx={ctx}
      title={title}
      errors={errors}
      intro={mode === 'create' && <p>{t('orgs.form.create.lead')}</p>}
      action={action}
      submit={mode === 'create' ? t('orgs.form.create.submit') : t('form.save')}
      cancelHref={cancelHref}
    >
      {identityEditable && (
        <fieldset class={`field${errors?.['kind'] ? ' field-error' : ''}`} id="kind" tabindex={-1}>
          <legend>{t('orgs.form.kind')}</legend>
          {errors?.['kind'] && <p class="error-message">{t(errors['kind'])}</p>}
          {(['council', 'partner'] as const).map((k) => (
            <label class="choice">
              <input type="radio" name="kind" value={k} checked={values['kind'] === k} /> {t(`orgs.kind.${k}`)}
            </label>
          ))}
        </fieldset>
      )}
      <Field t={t} name="name" label={t('orgs.form.name')} value={values['name']} error={errors?.['name']} maxLength={120} required />
      {identityEditable && (
        <Field t={t} name="slug" label={t('orgs.form.slug')} hint={t('orgs.form.slug.hint')} value={values['slug']} error={errors?.['slug']} maxLength={60} required />
      )}
      <Field
        t={t}
        name="description"
        type="textarea"
        label={t('orgs.form.description')}
        hint={t('orgs.form.description.hint')}
        value={values['description']}
        error={errors?.['description']}
        maxLength={2000}
        rows={6}
        required={false}
      />
      <Field
        t={t}
        name="website"
        type="url"
        label={t('orgs.form.website')}
        hint={t('orgs.form.website.hint')}
        value={values['website']}
        error={errors?.['website']}
        maxLength={300}
        autocomplete="url"
        required={false}
      />
      {mode === 'edit' && (
        <div class="field">
          <label class="choice" for="requireSecondFactor">
            <input type="checkbox" id="requireSecondFactor" name="requireSecondFactor" value="on" checked={values['requireSecondFactor'] === 'on'} /> {t('orgs.form.requireSecondFactor')}
          </label>
          <p class="hint">{t('orgs.form.requireSecondFactor.hint')}</p>
        </div>
      )}
      {identityEditable ? (
        <div class="field">
          <label class="choice" for="verified">
            <input type="checkbox" id="verified" name="verified" value="on" checked={verified} /> {t('orgs.form.verified')}
          </label>
        </div>
      ) : (
        <p class="hint">{t('orgs.form.identity.note')}</p>
      )}
    </FormPage>
  );
}
