import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import type { MessageKey, T } from '../../src/i18n/index.js';
import { ButtonForm } from '../components/ButtonForm.js';
import { CsrfField } from '../components/CsrfField.js';
import { DataTable } from '../components/DataTable.js';
import { Time } from '../components/Time.js';
import { ErrorSummary, Field, SubmitButton, type FieldLabels, type FormErrors, type FormValues } from '../components/Form.js';
import { roleText, type OrgRole } from './parts.js';

export type MemberRow = { userId: string; displayName: string; email: string; role: OrgRole; title: string; listedPublicly: boolean };
export type InvitationRow = { id: string; email: string; role: OrgRole; title: string; expiresAt: Date };

type Props = {
  ctx: ViewContext;
  org: { name: string; slug: string };
  members: MemberRow[];
  invitations: InvitationRow[];
  viewerId: string;
  /** The invite form's input and errors after a refused submission. */
  invite?: { values: FormValues; errors?: FormErrors | undefined };
  /** One member row's input and errors after a refused submission. */
  row?: { userId: string; values: FormValues; errors: FormErrors };
};

const ROLES = ['owner', 'member'] as const;

/** A field in a member's row: its label for screen readers (the column header names it on screen) and its error. */
function CellLabel({ t, id, label, error }: { t: T; id: string; label: string; error: MessageKey | undefined }) {
  return (
    <>
      <label for={id} class="visually-hidden">
        {label}
      </label>
      {error && (
        <p class="error-message" id={`${id}-error`}>
          {t(error)}
        </p>
      )}
    </>
  );
}

/** A row field's invalid state, tied to its error message. */
const invalid = (id: string, error: MessageKey | undefined) => (error ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : {});

const RoleOptions = ({ t, selected }: { t: T; selected: string }) => (
  <>
    {ROLES.map((r) => (
      <option value={r} selected={selected === r}>
        {t(`orgs.role.${r}`)}
      </option>
    ))}
  </>
);

export function MembersPage({ ctx, org, members, invitations, viewerId, invite, row }: Props) {
  const { t } = ctx;
  const title = t('orgs.members.title', { organisation: org.name });
  const base = `/organisations/${org.slug}`;
  // Row fields have per-person ids, so the summary links to the right input.
  const summary: FormErrors = { ...(invite?.errors ?? {}) };
  const labels: FieldLabels = { email: t('orgs.invite.email'), role: t('orgs.field.role'), title: t('orgs.field.title') };
  if (row) {
    const name = members.find((m) => m.userId === row.userId)?.displayName ?? '';
    for (const [field, key] of Object.entries(row.errors)) summary[`${field}-${row.userId}`] = key;
    labels[`role-${row.userId}`] = t('orgs.members.roleOf', { name });
    labels[`title-${row.userId}`] = t('orgs.members.titleOf', { name });
  }
  const inviteValues = invite?.values ?? {};
  // An organisation without an owner (a new one) needs one first: the invitation defaults to owner.
  const defaultRole = members.some((m) => m.role === 'owner') ? 'member' : 'owner';
  // Each member's row, with the input and errors of a refused submission for that member.
  const rows = members.map((m) => {
    const failed = row?.userId === m.userId ? row : undefined;
    return {
      m,
      formId: `member-${m.userId}`,
      role: failed?.values['role'] ?? m.role,
      title: failed?.values['title'] ?? m.title,
      listed: failed ? failed.values['listedPublicly'] !== undefined : m.listedPublicly,
      roleError: failed?.errors['role'],
      titleError: failed?.errors['title'],
    };
  });
  return (
    <Page ctx={ctx} title={title}>
      <p>
        <a href={base}>{org.name}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={summary} labels={labels} />
      <p>{t('orgs.members.lead')}</p>

      <h2 id="members-title">{t('orgs.members.count', { count: members.length })}</h2>
      <DataTable
        labelledBy="members-title"
        rows={rows}
        empty={<p>{t('orgs.members.empty')}</p>}
        columns={[
          {
            header: t('orgs.col.name'),
            rowHeader: true,
            cell: ({ m }) => (
              <>
                {m.displayName}
                {m.userId === viewerId && <> {t('orgs.members.you')}</>}
              </>
            ),
          },
          { header: t('orgs.members.col.email'), cell: ({ m }) => m.email },
          {
            header: t('orgs.members.col.role'),
            class: (r) => (r.roleError ? 'field-error' : undefined),
            cell: ({ m, role, roleError, formId }) => (
              <>
                <CellLabel t={t} id={`role-${m.userId}`} label={t('orgs.members.roleOf', { name: m.displayName })} error={roleError} />
                <select id={`role-${m.userId}`} name="role" form={formId} {...invalid(`role-${m.userId}`, roleError)}>
                  <RoleOptions t={t} selected={role} />
                </select>
              </>
            ),
          },
          {
            header: t('orgs.members.col.title'),
            class: (r) => (r.titleError ? 'field-error' : undefined),
            cell: ({ m, title, titleError, formId }) => (
              <>
                <CellLabel t={t} id={`title-${m.userId}`} label={t('orgs.members.titleOf', { name: m.displayName })} error={titleError} />
                <input type="text" id={`title-${m.userId}`} name="title" form={formId} value={title} maxlength={120} {...invalid(`title-${m.userId}`, titleError)} />
              </>
            ),
          },
          {
            header: t('orgs.members.col.listed'),
            cell: ({ m, listed, formId }) => (
              <>
                <input type="checkbox" id={`listedPublicly-${m.userId}`} name="listedPublicly" value="on" form={formId} checked={listed} />
                <label for={`listedPublicly-${m.userId}`} class="visually-hidden">
                  {t('orgs.members.listedOf', { name: m.displayName })}
                </label>
              </>
            ),
          },
          {
            header: t('orgs.col.actions'),
            class: 'actions',
            cell: ({ m, formId }) => (
              <>
                <ButtonForm id={formId} action={`${base}/members/${m.userId}`} csrfToken={ctx.csrfToken} button="button button-small" ariaLabel={t('orgs.members.saveFor', { name: m.displayName })}>
                  {t('orgs.members.save')}
                </ButtonForm>{' '}
<a href={`${base}/members/${m.userId}/remove`} class="button button-small button-secondary" aria-label={t('orgs.members.removeFor', { name: m.displayName })}>
                  {t('orgs.members.remove')}
                </a>
              </>
            ),
          },
        ]}
      />

      <h2 id="invitations-title">{t('orgs.invitations.title')}</h2>
      <DataTable
        labelledBy="invitations-title"
        rows={invitations}
        empty={<p>{t('orgs.invitations.empty')}</p>}
        columns={[
          { header: t('orgs.invitations.col.email'), rowHeader: true, cell: (i) => i.email },
          { header: t('orgs.invitations.col.role'), cell: (i) => roleText(t, i.role, i.title) },
          { header: t('orgs.invitations.col.expires'), cell: (i) => <Time at={i.expiresAt} locale={ctx.locale} style="dateTime" /> },
          {
            header: t('orgs.col.actions'),
            cell: (i) => (
              <ButtonForm action={`${base}/invitations/${i.id}/revoke`} csrfToken={ctx.csrfToken} button="button button-small button-secondary" ariaLabel={t('orgs.invitations.revokeFor', { email: i.email })}>
                {t('orgs.invitations.revoke')}
              </ButtonForm>
            ),
          },
        ]}
      />

      <section aria-labelledby="invite-title" class="narrow">
        <h2 id="invite-title">{t('orgs.invite.title')}</h2>
        <p>{t('orgs.invite.lead')}</p>
        <form method="post" action={`${base}/invitations`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Field t={t} name="email" type="email" label={t('orgs.invite.email')} value={inviteValues['email']} error={invite?.errors?.['email']} autocomplete="off" required />
          <div class={`field${invite?.errors?.['role'] ? ' field-error' : ''}`}>
            <label for="role">{t('orgs.field.role')}</label>
            <p class="hint" id="role-hint">
              {t('orgs.field.role.hint')}
            </p>
            {invite?.errors?.['role'] && <p class="error-message">{t(invite.errors['role'])}</p>}
            <select id="role" name="role" aria-describedby="role-hint">
              <RoleOptions t={t} selected={inviteValues['role'] ?? defaultRole} />
            </select>
          </div>
          <Field t={t} name="title" label={t('orgs.field.title')} hint={t('orgs.field.title.hint')} value={inviteValues['title']} error={invite?.errors?.['title']} maxLength={120} required={false} />
          <SubmitButton>{t('orgs.invite.submit')}</SubmitButton>
        </form>
      </section>
    </Page>
  );
}
