import type { MessageKey } from '../i18n/index.js';

/** The outcome of a policy check; a refusal carries a reason people can read. */
export type Decision = { ok: true } | { ok: false; reason: MessageKey };
export const allow: Decision = { ok: true };
export const deny = (reason: MessageKey): Decision => ({ ok: false, reason });

/** Who is acting; null for an anonymous visitor. */
export type Actor = { id: string; isAdmin: boolean; emailVerified: boolean } | null;
