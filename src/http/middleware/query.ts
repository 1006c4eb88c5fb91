import { createMiddleware } from 'hono/factory';
import { BadRequestError } from '../../lib/errors.js';
import type { AppEnv } from '../context.js';

const CONTROL = /[\u0000-\u001F\u007F]/;

/**
 * Query parameters, names and values, are refused with a 400 when they hold control characters
 * (a NUL reaching PostgreSQL's text search answered 500): one door for every route, so no
 * handler, query or search sees them.
 */
export const queryGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.url.includes('?')) {
    for (const [name, value] of new URL(c.req.url).searchParams) if (CONTROL.test(name) || CONTROL.test(value)) throw new BadRequestError();
  }
  await next();
});
