import { isSuspended } from '../../auth/sessions.js';
import { allow, deny, unconfirmed, type Actor, type Decision } from '../../lib/policy.js';
import type { Reported } from '../../lib/reportables.js';
import type { ModerationState } from '../../db/schema/moderation.js';
import type { MessageKey } from '../../i18n/index.js';

/**
 * Who moderates: platform moderators (and admins) everywhere; an organisation's owners for
 * content under their organisation's challenges. Nobody decides on their own content or on a
 * report about themselves (their profile).
 */
export type Moderator = { id: string; platform: boolean; organisations: ReadonlySet<string> };

/** The decisions a moderator takes on an item (uphold: an appeal is refused, the content stays hidden). */
export const ACTIONS = ['dismiss', 'hide', 'restore', 'uphold'] as const;
export type Action = (typeof ACTIONS)[number];

/** What an action makes of the item's state. */
export const ACTION_STATE: Record<Action, ModerationState> = { dismiss: 'dismissed', hide: 'hidden', restore: 'restored', uphold: 'hidden' };

/** The actions that fit each state: a held item is dismissed (shown again) or hidden; an appeal is restored or upheld. */
const FITS: Record<ModerationState, readonly Action[]> = {
  pending: ['dismiss', 'hide'],
  held: ['dismiss', 'hide'],
  dismissed: ['hide'],
  restored: ['hide'],
  hidden: ['restore'],
  appealed: ['restore', 'uphold'],
};

/** A reporter whose reports count towards an automatic hold: a confirmed account at least this old (until trust levels). */
export const TRUSTED_AFTER_MS = 86_400_000;

/** Content is held (hidden until a decision) when this many trusted people report it, unless someone may be at risk (a decision, never an automatic hide). */
export function shouldHold(item: { state: ModerationState; atRisk: boolean }, trustedReporters: number, threshold: number, hideable: boolean): boolean {
  return threshold > 0 && hideable && item.state === 'pending' && !item.atRisk && trustedReporters >= threshold;
}

/**
 * A signed-in person with a confirmed address may report what they can see, except their own
 * content and what is already hidden or gone (whether they can see it is the subject's canView,
 * checked by the command).
 */
export function canReport(actor: Actor, r: Pick<Reported, 'authorId' | 'hidden' | 'gone'>): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (!actor.emailVerified) return unconfirmed;
  if (r.authorId === actor.id) return deny('moderation.policy.own');
  if (r.gone) return deny('moderation.policy.gone');
  if (r.hidden) return deny('moderation.policy.alreadyHidden');
  return allow;
}

/** Whether this moderator's queue holds the item at all (platform: every item; organisation: its own). */
export function canSeeItem(m: Moderator | null, item: { organisationId: string | null }): Decision {
  if (!m) return deny('moderation.policy.notModerator');
  if (m.platform || (item.organisationId !== null && m.organisations.has(item.organisationId))) return allow;
  return deny('moderation.policy.notModerator');
}

/** Acting on an item at all: a moderator whose queue holds it, and not about their own content (or their own profile). */
export function canActOn(m: Moderator | null, item: { organisationId: string | null; authorId: string | null }): Decision {
  const sees = canSeeItem(m, item);
  if (!sees.ok) return sees;
  if (item.authorId !== null && item.authorId === m!.id) return deny('moderation.policy.ownItem');
  return allow;
}

/**
 * Deciding: a moderator who may act on the item (canActOn); the action must fit the state the
 * item is in (FITS); hiding needs a kind that can be hidden; an appeal is decided by another
 * moderator than the one who took the decision appealed against.
 */
export function canDecide(
  m: Moderator | null,
  item: { organisationId: string | null; authorId: string | null; state: ModerationState; decidedBy: string | null },
  action: Action,
  hideable: boolean,
): Decision {
  const may = canActOn(m, item);
  if (!may.ok) return may;
  if (!FITS[item.state].includes(action)) return deny(misfit(item.state, action));
  if (action === 'hide' && !hideable) return deny('moderation.policy.notHideable');
  if (item.state === 'appealed' && item.decidedBy === m!.id) return deny('moderation.policy.secondModerator');
  return allow;
}

/** Why an action does not fit the item's state. */
function misfit(state: ModerationState, action: Action): MessageKey {
  if (action === 'uphold') return 'moderation.policy.notAppealed';
  if (action === 'restore') return 'moderation.policy.notHidden';
  if (state === 'hidden' || state === 'appealed') return 'moderation.policy.alreadyHiddenItem';
  return 'moderation.policy.notPending';
}

/**
 * Suspending the author of an item: platform moderators only (a suspension is platform-wide),
 * who may act on the item; never an admin, never someone already suspended.
 */
export function canSuspend(m: Moderator | null, item: { organisationId: string | null; authorId: string | null }, author: { isAdmin: boolean; suspendedAt: Date | null; suspendedUntil: Date | null } | null, now: Date): Decision {
  const may = canActOn(m, item);
  if (!may.ok) return may;
  if (!m!.platform) return deny('moderation.policy.platformOnly');
  if (!author) return deny('moderation.policy.noAuthor');
  if (author.isAdmin) return deny('moderation.policy.suspendAdmin');
  if (isSuspended(author, now)) return deny('moderation.policy.alreadySuspended');
  return allow;
}

/** Lifting the author's suspension before its end: platform moderators who may act on the item, while it lasts. */
export function canLiftSuspension(m: Moderator | null, item: { organisationId: string | null; authorId: string | null }, author: { suspendedAt: Date | null; suspendedUntil: Date | null } | null, now: Date): Decision {
  const may = canActOn(m, item);
  if (!may.ok) return may;
  if (!m!.platform) return deny('moderation.policy.platformOnly');
  if (!author || !isSuspended(author, now)) return deny('moderation.policy.notSuspended');
  return allow;
}

/** Raising or lowering an author's trust: platform moderators (trust is platform-wide), who may act on the item, which has an author. */
export function canSetTrust(m: Moderator | null, item: { organisationId: string | null; authorId: string | null }): Decision {
  const may = canActOn(m, item);
  if (!may.ok) return may;
  if (!m!.platform) return deny('moderation.policy.platformOnly');
  if (!item.authorId) return deny('moderation.policy.noAuthor');
  return allow;
}

/** The author of hidden content may ask for a review, once. */
export function canAppeal(actor: Actor, item: { authorId: string | null; state: ModerationState; appealedAt: Date | null; erasedAt: Date | null }): Decision {
  if (!actor) return deny('auth.signInRequired');
  if (item.authorId === null || item.authorId !== actor.id) return deny('moderation.policy.notAuthor');
  if (item.appealedAt !== null) return deny('moderation.policy.appealedOnce');
  if (item.state !== 'hidden') return deny('moderation.policy.notHidden');
  if (item.erasedAt !== null) return deny('moderation.policy.erased');
  return allow;
}
