import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import type { AppEnv } from '../../http/context.js';

export const healthRoutes = new Hono<AppEnv>();

/** How long /readyz waits for the database before it says the database is unavailable. */
export const READY_TIMEOUT_MS = 2_000;

/** The process is up. */
healthRoutes.get('/healthz', (c) => c.json({ status: 'ok' }));

/**
 * The database answers: ready to take traffic. A database that refuses, cuts or does not answer
 * within READY_TIMEOUT_MS is "unavailable" (503), so a load balancer stops sending traffic here
 * while it is down, and never waits on a hung check.
 */
healthRoutes.get('/readyz', async (c) => {
  const { db, dbKind } = c.get('deps');
  let timer: NodeJS.Timeout | undefined;
  try {
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('readiness check timed out')), READY_TIMEOUT_MS);
    });
    // One promise (a drizzle query runs again on each `then`).
    const check = Promise.resolve(db.execute(sql`select 1`));
    check.catch(() => undefined); // a late failure after the timeout is not an unhandled rejection
    await Promise.race([check, timedOut]);
    return c.json({ status: 'ok', database: dbKind });
  } catch {
    return c.json({ status: 'unavailable', database: dbKind }, 503);
  } finally {
    clearTimeout(timer);
  }
});
