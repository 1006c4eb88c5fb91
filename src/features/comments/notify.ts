import { eq } from 'drizzle-orm';
import { comments } from '../../db/schema/index.js';
import type { EventSubscriber } from '../../http/feature.js';
import { notify } from '../notifications/index.js';

/**
 * A new comment tells: the author of the comment it replies to, the subject's owners (an idea's
 * author) and its followers — never the person who wrote it, and nothing once the comment is
 * deleted or hidden or the discussion is no longer shown (a withdrawn idea's).
 */
export const commentNotifications: EventSubscriber = {
  job: 'comments.notify',
  on: ['comment.post'],
  handle: (deps) => async (event) => {
    if (event.name !== 'comment.post' || !event.entityId || !event.subjectId) return;
    const [comment] = await deps.db.select({ deletedAt: comments.deletedAt, hiddenAt: comments.hiddenAt }).from(comments).where(eq(comments.id, event.entityId)).limit(1);
    if (!comment || comment.deletedAt || comment.hiddenAt) return;
    const parentId = event.payload.parentId;
    const [parent] = parentId ? await deps.db.select({ authorId: comments.authorId }).from(comments).where(eq(comments.id, parentId)).limit(1) : [];
    await notify(deps, event, {
      people: parent ? [{ userId: parent.authorId, reason: 'reply' }] : [],
      owners: true,
      followersOf: [event.subjectId],
      discussion: true,
      notice: {
        reply: { message: 'comments.notify.reply' },
        author: { message: 'comments.notify.onYours' },
        follower: { message: 'comments.notify.new' },
      },
    });
  },
};
