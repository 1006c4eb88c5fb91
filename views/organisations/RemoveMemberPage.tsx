import { ConfirmPage } from '../layout/ConfirmPage.js';
import type { ViewContext } from '../layout/types.js';

type Props = {
  ctx: ViewContext;
  org: { name: string; slug: string };
  member: { userId: string; displayName: string };
  /** The person is leaving (removing themselves). */
  self: boolean;
  cancelHref: string;
};

/** "Remove Ada Lovelace from Riverside Council?" or "Leave Riverside Council?": what it means, then the POST. */
export function RemoveMemberPage({ ctx, org, member, self, cancelHref }: Props) {
  const { t } = ctx;
  const base = `/organisations/${org.slug}`;
  return (
    <ConfirmPage
      ctx={ctx}
      title={self ? t('orgs.confirm.leave.title', { organisation: org.name }) : t('orgs.confirm.remove.title', { name: member.displayName, organisation: org.name })}
      breadcrumb={
        <p class="breadcrumb">
          <a href={base}>{org.name}</a>
        </p>
      }
      action={`${base}/members/${member.userId}/remove`}
      confirm={self ? t('orgs.membership.leave.submit', { organisation: org.name }) : t('orgs.confirm.remove.submit', { name: member.displayName })}
      cancelHref={cancelHref}
    >
      <p>{self ? t('orgs.membership.leave.body') : t('orgs.confirm.remove.lead', { name: member.displayName })}</p>
    </ConfirmPage>
  );
}
