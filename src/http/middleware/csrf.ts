import { createMiddleware } from 'hono/factory';
import { safeEqual } from '../../auth/tokens.js';
import type { Config } from '../../config.js';
import { ForbiddenError } from '../../lib/errors.js';
import type { AppEnv } from '../context.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF: on every unsafe request the Origin must be ours (PUBLIC_URL's when set, else the
 * request's own), and the form field `_csrf` (or htmx's X-CSRF-Token header) must carry this
 * session's token.
 */
export const csrfCheck = (config: Config) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!UNSAFE.has(c.req.method)) return next();
    const origin = c.req.header('Origin');
    const allowed = config.publicUrlExplicit ? new URL(config.publicUrl).origin : new URL(c.req.url).origin;
    if (origin !== undefined && origin !== allowed) throw new ForbiddenError('error.csrf.body');
    if (origin === undefined && c.req.header('Sec-Fetch-Site') === 'cross-site') throw new ForbiddenError('error.csrf.body');
    let sent = c.req.header('X-CSRF-Token');
    if (!sent) {
      const type = c.req.header('Content-Type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
        const field = body['_csrf'];
        if (typeof field === 'string') sent = field;
      }
    }
    if (!sent || !safeEqual(sent, c.get('csrfToken'))) throw new ForbiddenError('error.csrf.body');
    return next();
  });
