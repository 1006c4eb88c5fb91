import { randomUUID } from 'node:crypto';
import type { Db } from '../../../src/db/client.js';
import { comments } from '../../../src/db/schema/index.js';
import { insertOne } from './common.js';

type CommentOverrides = Partial<Omit<typeof comments.$inferInsert, 'subjectId' | 'authorId'>>;

/** A top-level comment (a thread of its own) on an idea; its HTML is its body in a paragraph. */
export function buildComment(ideaId: string, authorId: string | null, overrides: CommentOverrides = {}) {
  const id = overrides.id ?? randomUUID();
  const body = overrides.body ?? 'A test comment.';
  return { id, threadId: id, depth: 0, body, bodyHtml: `<p>${body}</p>`, ...overrides, subjectId: ideaId, authorId };
}

/** A reply to `parent`, in its thread, one level deeper. */
export function buildReply(parent: { id: string; ideaId: string; threadId: string; depth: number }, authorId: string | null, overrides: CommentOverrides = {}) {
  return buildComment(parent.ideaId, authorId, { threadId: parent.threadId, parentId: parent.id, depth: parent.depth + 1, ...overrides });
}

/** A comment row (see buildComment). The subject's comment count is not touched. */
export async function createComment(db: Db, ideaId: string, authorId: string | null, overrides: CommentOverrides = {}) {
  return insertOne(db, comments, buildComment(ideaId, authorId, overrides));
}
