import type { Child } from 'hono/jsx';
import type { Decision } from '../../src/lib/policy.js';
import { Page } from '../layout/Page.js';
import { LinkList } from '../components/LinkList.js';
import { Paragraphs } from '../components/Paragraphs.js';
import { Message } from '../components/Message.js';
import type { ViewContext } from '../layout/types.js';
import { KindLabel, VerifiedBadge, type OrgKind } from './parts.js';

export type OrganisationView = { name: string; slug: string; kind: OrgKind; verified: boolean; description: string; website: string | null };

type Props = {
  ctx: ViewContext;
  org: OrganisationView;
  people: { displayName: string; title: string }[];
  /** What the viewer may do here (decides which management links appear). */
  can: { edit: Decision; manageMembers: Decision };
  isMember: boolean;
  /** The council's challenges section (views/challenges/CouncilChallenges), when it is a council. */
  challenges?: Child;
};

export function OrganisationPage({ ctx, org, people, can, isMember, challenges }: Props) {
  const { t } = ctx;
  const manage = can.edit.ok || can.manageMembers.ok || isMember;
  return (
    <Page ctx={ctx} title={org.name}>
      <h1>{org.name}</h1>
      <p class="org-meta">
        <KindLabel t={t} kind={org.kind} /> <VerifiedBadge t={t} verified={org.verified} />
      </p>
      {manage && (
        <nav aria-label={t('orgs.page.manage.label')} class="org-manage">
          <LinkList
            links={[
              can.edit.ok && { href: `/organisations/${org.slug}/edit`, label: t('orgs.page.edit') },
              can.manageMembers.ok && { href: `/organisations/${org.slug}/members`, label: t('orgs.page.members') },
              isMember && { href: `/organisations/${org.slug}/membership`, label: t('orgs.page.yourMembership') },
            ]}
          />
        </nav>
      )}
      <div class="prose">
        <Paragraphs text={org.description} />
      </div>
      {org.website && (
        <p>
          <Message t={t} k="common.labelled" params={{ label: t('orgs.page.website') }} slot="value">
            {/* An unverified organisation's link earns no endorsement from us. */}
            <a href={org.website} rel={org.verified ? 'noopener' : 'nofollow noopener'}>
              {org.website}
            </a>
          </Message>
        </p>
      )}
      {challenges}
      <section aria-labelledby="people-title">
        <h2 id="people-title">{t('orgs.page.people.title')}</h2>
        {people.length === 0 ? (
          <p>{t('orgs.page.people.empty')}</p>
        ) : (
          <>
            <p>{t('orgs.page.people.lead', { organisation: org.name })}</p>
            <ul class="people">
              {people.map((p) => (
                <li>
                  <span class="person-name">{p.displayName}</span>
                  {p.title && (
                    <>
                      , <span class="person-title">{p.title}</span>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </Page>
  );
}
