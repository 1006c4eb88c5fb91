import type { Db } from '../db/client.js';
import { auditLog } from '../db/schema/index.js';

export type AuditEntry = {
  actorId: string | null;
  /** entity.verb, e.g. "user.sign_up" */
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
};

/** Writes an audit row; call it with the command's transaction so it commits with the change. */
export async function audit(tx: Db, entry: AuditEntry) {
  await tx.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    data: entry.data ?? {},
  });
}
