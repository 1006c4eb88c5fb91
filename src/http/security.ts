import { createMiddleware } from 'hono/factory';
import type { Db } from '../db/client.js';
import type { RequestOrigin, SecurityEvent } from '../lib/security-log.js';
import type { AppContext, AppEnv } from './context.js';
import { clientIp } from './render.js';

export const requestOrigin = (c: AppContext): RequestOrigin => ({ address: clientIp(c), requestId: c.get('requestId') });

/**
 * Records a security event for this request: from its address and request id, and by default as
 * the signed-in person's. Pass the transaction to commit the record with the change it records.
 */
export function recordSecurityEvent(c: AppContext, event: Omit<SecurityEvent, 'address' | 'requestId'>, db?: Db): Promise<void> {
  return c.get('deps').securityLog.record({ userId: c.get('user')?.id ?? null, ...event, ...requestOrigin(c) }, db);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every change asked for under /admin (platform administration, whichever feature serves it) is
 * recorded as an 'admin.action' with its route and outcome: an admin's actions are on record even
 * where the feature's own event says less.
 */
export const recordAdminActions = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (!UNSAFE.has(c.req.method)) return;
  const status = c.res.status;
  // Sent to re-authenticate first (the step-up) is not the action done.
  const done = status < 400 && !(c.res.headers.get('Location') ?? '').startsWith('/reauth');
  await recordSecurityEvent(c, { kind: 'admin.action', outcome: done ? 'success' : 'failure', detail: { method: c.req.method, path: c.req.path, status } });
});
