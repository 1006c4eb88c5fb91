import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import type { AppEnv } from '../../http/context.js';

export const healthRoutes = new Hono<AppEnv>();

/** The process is up. */
healthRoutes.get('/healthz', (c) => c.json({ status: 'ok' }));

/** The database answers: ready to take traffic. */
healthRoutes.get('/readyz', async (c) => {
  const { db, dbKind } = c.get('deps');
  try {
    await db.execute(sql`select 1`);
    return c.json({ status: 'ok', database: dbKind });
  } catch {
    return c.json({ status: 'unavailable', database: dbKind }, 503);
  }
});
