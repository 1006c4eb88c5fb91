import { formatDate } from '../../src/i18n/index.js';
import type { Decision } from '../../src/lib/policy.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';
import { ButtonForm } from '../components/ButtonForm.js';
import type { OrgKind, OrgRole } from './parts.js';

type Props = {
  ctx: ViewContext;
  invitation: { role: OrgRole; title: string; expiresAt: Date; organisation: { name: string; kind: OrgKind } };
  /** Path of this page, to come back to after signing in. */
  selfPath: string;
  /** null when nobody is signed in; otherwise whether this account may accept. */
  decision: Decision | null;
};

export function InvitationPage({ ctx, invitation, selfPath, decision }: Props) {
  const { t } = ctx;
  const org = invitation.organisation;
  const title = t('orgs.invitation.title', { organisation: org.name });
  return (
    <Page ctx={ctx} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>{t('orgs.invitation.lead', { organisation: org.name, role: t(`orgs.role.${invitation.role}`).toLocaleLowerCase(ctx.locale) })}</p>
        {invitation.title && <p>{t('orgs.invitation.titleLine', { title: invitation.title })}</p>}
        <p class="hint">{t('orgs.invitation.expires', { date: formatDate(invitation.expiresAt, ctx.locale) })}</p>
        {decision === null ? (
          <>
            <p>{t('orgs.invitation.signIn.body')}</p>
            <p>
              <a class="button" href={`/sign-in?next=${encodeURIComponent(selfPath)}`}>
                {t('orgs.invitation.signIn.link')}
              </a>
            </p>
            <p>
              {t('orgs.invitation.signUp.body')} <a href={`/sign-up?next=${encodeURIComponent(selfPath)}`}>{t('orgs.invitation.signUp.link')}</a>
            </p>
          </>
        ) : decision.ok ? (
          <ButtonForm action={`${selfPath}/accept`} csrfToken={ctx.csrfToken} inline={false}>
            {t('orgs.invitation.accept')}
          </ButtonForm>
        ) : (
          <div class="notice" role="status">
            <p>{t(decision.reason)}</p>
          </div>
        )}
      </div>
    </Page>
  );
}
