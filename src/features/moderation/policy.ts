import { allow, deny, unconfirmed, type Actor, type Decision } from '../../lib/policy.js';
import type { Reported } from '../../lib/reportables.js';
import type { ModerationState } from '../../db/schema/moderation.js';

/**
 * Who moderates: platform moderators (and admins) everywhere; an organisation's owners for
 * content under their organisation's challenges. Nobody decides on their own content or on a
 * report about themselves (their profile).
 */
export type Moderator = { id: string; platform: boolean; organisations: ReadonlySet<string> };

/** The decisions a moderator takes on an item. */
export const ACTIONS = ['dismiss', 'hide', 'restore'] as const;
export type Action = (typeof ACTIONS)[number];

/** What an action makes of the item's state. */
export const ACTION_STATE: Record<Action, ModerationState> = { dismiss: 'dismissed', hide: 'hidden', restore: 'restored' };

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
 * Deciding: a moderator who may act on the item (canActOn);
 * the action must fit the state the item is in (dismiss and hide what waits or was dismissed or
 * restored; restore what is hidden); hiding needs a kind that can be hidden.
 */
export function canDecide(m: Moderator | null, item: { organisationId: string | null; authorId: string | null; state: ModerationState }, action: Action, hideable: boolean): Decision {
  const may = canActOn(m, item);
  if (!may.ok) return may;
  if (action === 'restore' && item.state !== 'hidden') return deny('moderation.policy.notHidden');
  if (action !== 'restore' && item.state === 'hidden') return deny('moderation.policy.alreadyHiddenItem');
  if (action === 'dismiss' && item.state !== 'pending') return deny('moderation.policy.notPending');
  if (action === 'hide' && !hideable) return deny('moderation.policy.notHideable');
  return allow;
}
