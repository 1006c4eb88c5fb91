import { allow, deny, type Actor, type Decision } from '../../lib/policy.js';

/** The lists of a person's page: what they wrote (public), what they follow and support (private). */
export const PERSON_SECTIONS = ['ideas', 'comments', 'following-ideas', 'following-challenges', 'supports'] as const;
export type PersonSection = (typeof PERSON_SECTIONS)[number];
export const isPersonSection = (s: unknown): s is PersonSection => typeof s === 'string' && (PERSON_SECTIONS as readonly string[]).includes(s);

const PRIVATE: ReadonlySet<PersonSection> = new Set(['following-ideas', 'following-challenges', 'supports']);
export const isPrivateSection = (s: PersonSection) => PRIVATE.has(s);

/**
 * What someone wrote is public (it is already public where it was posted). What they follow and
 * support is theirs alone: not other citizens, not council staff, not platform admins.
 */
export function canViewPersonSection(actor: Actor, personId: string, section: PersonSection): Decision {
  if (!isPrivateSection(section)) return allow;
  if (!actor) return deny('auth.signInRequired');
  return actor.id === personId ? allow : deny('people.policy.private');
}
