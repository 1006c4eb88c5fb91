import type { MessageKey } from '../i18n/index.js';

/** The outcome of a policy check; a refusal carries a reason people can read. */
export type Decision = { ok: true } | { ok: false; reason: MessageKey };
export const allow: Decision = { ok: true };
export const deny = (reason: MessageKey): Decision => ({ ok: false, reason });

/** Who is acting; null for an anonymous visitor. */
export type Actor = { id: string; isAdmin: boolean; emailVerified: boolean } | null;

/**
 * The one reason for refusing anything to a person whose email address is not confirmed yet.
 * Every policy that needs a confirmed address refuses with it (`unconfirmed`), so the refusal
 * page can say what to do — open the link sent to their address, or have it sent again — and
 * views show the same words wherever a control is missing for that reason.
 */
export const UNCONFIRMED_REASON = 'auth.confirmEmailFirst' satisfies MessageKey;
export const unconfirmed: Decision = deny(UNCONFIRMED_REASON);
