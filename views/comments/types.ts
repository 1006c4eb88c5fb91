import type { Locale, MessageKey } from '../../src/i18n/index.js';

export type CommentSortView = 'oldest' | 'newest';

/** What the viewer may do with one comment (from the comments policy). */
export type CommentCan = {
  /** "inline": a Reply link htmx enhances; "link": a plain link (to sign in first); false: none. */
  reply: 'inline' | 'link' | false;
  edit: boolean;
  delete: boolean;
  /** A Report link (everyone but its author; anonymous visitors are asked to sign in on the way). */
  report: boolean;
  /** Its author may ask for a review of the moderators' decision to hide it. */
  appeal: boolean;
};

export type CommentView = {
  id: string;
  parentId: string | null;
  depth: number;
  authorName: string | null;
  bodyHtml: string;
  /** The language its author wrote it in (absent: the page's). */
  language?: Locale | undefined;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  /** Hidden by the moderators: its tombstone names the rule (number and words), or says it is held for review; the text is not shown. */
  hidden: { number: number; label: MessageKey } | 'held' | 'awaiting' | null;
  can: CommentCan;
  replies: CommentView[];
  /** Shown without its parent (the rest of a long thread): links to the comment it answers. */
  orphan?: boolean;
};
