import type { Db } from '../db/client.js';
import type { MessageKey } from '../i18n/index.js';
import { isUuid } from './fields.js';

/**
 * Reportables: every kind of content people can report and moderators decide on (ideas, comments
 * and people's profiles today; each subject kind added later registers one from its first
 * commit). Each kind is registered once by the feature that owns it (`reportables` in its
 * defineFeature) and answers the same questions, so reports, the queue and decisions are written
 * once. (docs/decisions/0058-reports-and-one-queue.md)
 */

/** A reported thing as the moderation feature needs it. */
export type Reported = {
  kind: string;
  id: string;
  /** Where it is shown (a comment: its place in its subject's discussion). */
  url: string;
  /** The subject it is, or belongs to (a comment's idea): who may see it is that subject's canView; null for a profile. */
  subjectId: string | null;
  /** Whose it is (nobody reports, or decides on, their own). */
  authorId: string | null;
  /** Its words now, in plain text (the queue keeps them as first reported). */
  snapshot: { title: string; body: string };
  /** Hidden by a moderator, under which rule; null when shown. */
  hidden: { rule: string } | null;
  /** Taken back by its author (a deleted comment): nothing left to report. */
  gone: boolean;
};

export type ReportableKind = {
  kind: string;
  /** What it is, as people read it ("comment", "idea", "profile"). */
  label: MessageKey;
  /** One, or null when unknown. */
  load(db: Db, id: string): Promise<Reported | null>;
  /**
   * Hides it (a rule) or shows it again (null), in the decision's transaction, with every count
   * that includes it; returns the page scopes it shows on (bumped with the decision's event).
   * Absent: the kind cannot be hidden yet, and the queue offers no "hide" for it.
   */
  setHidden?(tx: Db, id: string, hidden: { rule: string; at: Date } | null): Promise<readonly string[]>;
  /**
   * Erases its words for good once it has stayed hidden past the retention period
   * (MODERATION_ERASE_DAYS), only while it is hidden; what remains is the record that it was
   * hidden, under which rule. Absent: the kind keeps nothing to erase.
   */
  erase?(tx: Db, id: string): Promise<void>;
  /**
   * The events that announce new content of this kind to others (a comment's 'comment.post'):
   * when content held for a moderator at posting is approved, the latest of them is replayed
   * (replayEvent), so its notifications go out then. Absent: nothing to announce.
   */
  announcedBy?: readonly string[];
  /** The ids of a person's content of this kind that is shown now, newest first, at most `limit` (a suspension may hide it all). */
  shownBy?(db: Db, authorId: string, limit: number): Promise<string[]>;
};

export type Reportables = {
  kind(kind: string): ReportableKind | undefined;
  kinds(): readonly ReportableKind[];
  /** The thing of that kind and id, or null (unknown kind, malformed or unknown id). */
  load(db: Db, kind: string, id: string): Promise<Reported | null>;
};

/** The registry (built once from the features, src/deps.ts). */
export function createReportables(kinds: readonly ReportableKind[]): Reportables {
  const byKind = new Map<string, ReportableKind>();
  for (const k of kinds) {
    if (byKind.has(k.kind)) throw new Error(`reportable kind ${k.kind} is registered twice`);
    byKind.set(k.kind, k);
  }
  return {
    kind: (kind) => byKind.get(kind),
    kinds: () => [...byKind.values()],
    async load(db, kind, id) {
      const k = byKind.get(kind);
      if (!k || !isUuid(id)) return null;
      return k.load(db, id.toLowerCase());
    },
  };
}
