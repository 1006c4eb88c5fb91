import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { subjects as subjectsTable } from '../db/schema/index.js';
import { isUuid } from './fields.js';
import type { LocalisedText } from '../i18n/localise.js';
import type { Locale, MessageKey } from '../i18n/index.js';
import type { Actor, Decision } from './policy.js';

/**
 * Subjects: the things people discuss, follow, report, are notified about and find (ideas and
 * challenges today). Each kind is registered once by the feature that owns it (`subjects` in its
 * defineFeature) and answers the same questions the same way for comments, follows,
 * notifications and, later, reports and search. (docs/decisions/0036-subjects.md)
 */

/** Who looks: enough for every kind's canView (staff of the subject's organisation see drafts). */
export type Viewer = { id: string; isAdmin: boolean; staffOf: ReadonlySet<string> } | null;

/** A subject as a list, a notification or a follow shows it. */
export type Subject = {
  id: string;
  kind: string;
  /** What it is, as people read it ("Idea", "Challenge"). */
  label: MessageKey;
  /** In the viewer's language; `lang` set when it falls back to English. */
  title: LocalisedText;
  url: string;
  /** The organisation it belongs to (its staff see it whatever its state). */
  organisationId: string | null;
  /** People it belongs to (an idea's author): told of what happens to it. */
  ownerIds: readonly string[];
  /** The kind's state code ('draft', 'published', 'withdrawn' …), for its canView. */
  state: string;
  /** Its discussion may be shown (a withdrawn idea's is closed and kept out of notifications). */
  discussionShown: boolean;
  /** Why it can no longer be followed (withdrawn, archived), or null. */
  finished: MessageKey | null;
};

/** What the comment rules of a subject say, read with its row locked in the command's transaction. */
export type DiscussionState = {
  /** Whether a new comment (or reply) may be posted now; the reason people read when not. */
  open: Decision;
  /** Whether the subject is visible at all (a draft's discussion is a 404). */
  exists: boolean;
  /** The page scopes its comments show on (src/lib/page-versions.ts): its page, and any list counting them. */
  pages: readonly string[];
  /** New comments wait for a moderator before they appear (the place is pre-moderated). */
  premoderated?: boolean;
};

/** A subject's discussion as its page shows it to one viewer now (what the comments feature needs, from the kind). */
export type DiscussionView = {
  subjectId: string;
  /** The subject's page; the discussion's URLs hang from it (`${url}/comments`, `${url}#comments`). */
  url: string;
  title: string;
  /** Whether the discussion is shown at all (an author's draft: no). */
  shown: boolean;
  /** Comments not deleted (subjects.comment_count). */
  count: number;
  /** The rules shown above the form, in the reader's language (empty: the platform's guidelines). */
  policy: LocalisedText;
  /** Whether a new comment may be posted now, and why not. */
  open: Decision;
};

export type SubjectKind = {
  kind: string;
  /** The kind's subjects among `ids` (unknown ids are left out), as seen in `locale`: one query. */
  load(db: Db, ids: readonly string[], locale: Locale): Promise<Subject[]>;
  /** Whether this viewer may see the subject at all (checked at delivery and at display of anything about it). */
  canView(viewer: Viewer, s: Subject): boolean;
  /** Comments on this kind: its rules, with its row locked (serialises the commands on one subject). */
  discussion?: {
    lock(tx: Db, id: string, now: Date): Promise<DiscussionState>;
    /** The discussion for this viewer now, or null when they may not see the subject (a 404). */
    view(db: Db, id: string, actor: Actor, locale: Locale, now: Date): Promise<DiscussionView | null>;
  };
};

/** Every registered kind, and the subjects of any kinds loaded together. */
export type Subjects = {
  kind(kind: string): SubjectKind | undefined;
  /** Subjects by id, whatever their kinds: one query for the kinds, then one per kind present. */
  load(db: Db, ids: readonly string[], locale: Locale): Promise<Map<string, Subject>>;
  /** One subject, or null when unknown. */
  get(db: Db, id: string, locale: Locale): Promise<Subject | null>;
  /** The one visibility question every spine feature asks (the subject's kind answers). */
  canView(viewer: Viewer, s: Subject): boolean;
  /** A subject's discussion for this viewer now (its kind's view), or null: unknown, no discussion, not visible. */
  discussion(db: Db, id: string, actor: Actor, locale: Locale, now: Date): Promise<DiscussionView | null>;
};

/** The registry of kinds (built once from the features, src/deps.ts). */
export function createSubjects(kinds: readonly SubjectKind[]): Subjects {
  const byKind = new Map<string, SubjectKind>();
  for (const k of kinds) {
    if (byKind.has(k.kind)) throw new Error(`subject kind ${k.kind} is registered twice`);
    byKind.set(k.kind, k);
  }
  const subjects: Subjects = {
    kind: (kind) => byKind.get(kind),
    async load(db, ids, locale) {
      const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
      const found = new Map<string, Subject>();
      if (wanted.length === 0) return found;
      const rows = await db.select({ id: subjectsTable.id, kind: subjectsTable.kind }).from(subjectsTable).where(inArray(subjectsTable.id, wanted));
      const perKind = new Map<string, string[]>();
      for (const r of rows) perKind.set(r.kind, [...(perKind.get(r.kind) ?? []), r.id]);
      for (const [kind, kindIds] of perKind) {
        const k = byKind.get(kind);
        if (!k) continue;
        for (const s of await k.load(db, kindIds, locale)) found.set(s.id, s);
      }
      return found;
    },
    async get(db, id, locale) {
      return (await subjects.load(db, [id], locale)).get(id.toLowerCase()) ?? null;
    },
    canView: (viewer, s) => byKind.get(s.kind)?.canView(viewer, s) ?? false,
    async discussion(db, id, actor, locale, now) {
      if (!isUuid(id)) return null;
      const [row] = await db.select({ kind: subjectsTable.kind }).from(subjectsTable).where(eq(subjectsTable.id, id.toLowerCase())).limit(1);
      const discussion = row ? byKind.get(row.kind)?.discussion : undefined;
      return discussion ? discussion.view(db, id.toLowerCase(), actor, locale, now) : null;
    },
  };
  return subjects;
}

