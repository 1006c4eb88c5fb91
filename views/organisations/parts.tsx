import type { T } from '../../src/i18n/index.js';

export type OrgKind = 'council' | 'partner';
export type OrgRole = 'owner' | 'member';

/** "Council" / "Partner organisation" as visible text. */
export const KindLabel = ({ t, kind }: { t: T; kind: OrgKind }) => <span class="org-kind">{t(`orgs.kind.${kind}`)}</span>;

/** The verified badge: visible text, not colour alone. */
export const VerifiedBadge = ({ t, verified }: { t: T; verified: boolean }) => (verified ? <span class="badge">{t('orgs.verified')}</span> : null);

/** Role and public title as one phrase: "Digital engagement officer (Owner)". */
export const roleText = (t: T, role: OrgRole, title: string) => (title ? `${title} (${t(`orgs.role.${role}`)})` : t(`orgs.role.${role}`));
