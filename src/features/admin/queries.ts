import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { outboxMessages } from '../../db/schema/index.js';

export const OUTBOX_PAGE = 50;

export function listOutbox(db: Db) {
  return db
    .select({ id: outboxMessages.id, to: outboxMessages.to, subject: outboxMessages.subject, createdAt: outboxMessages.createdAt })
    .from(outboxMessages)
    .orderBy(desc(outboxMessages.createdAt))
    .limit(OUTBOX_PAGE);
}

export async function getOutboxMessage(db: Db, id: string) {
  const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id)).limit(1);
  return row ?? null;
}
