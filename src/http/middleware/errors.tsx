import type { ErrorHandler, Hono, MiddlewareHandler, NotFoundHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Config } from '../../config.js';
import { negotiateLocale, translator, type MessageKey, type Params } from '../../i18n/index.js';
import { isDatabaseUnavailable } from '../../lib/db-errors.js';
import { DomainError, InvalidInputError, RateLimitedError } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import { UNCONFIRMED_REASON } from '../../lib/policy.js';
import { UnconfirmedPage } from '../../../views/accounts/AccountPages.js';
import { ErrorPage } from '../../../views/errors/ErrorPage.js';
import type { AppContext, AppEnv } from '../context.js';
import { waitMessage } from '../limits.js';
import { recordSecurityEvent } from '../security.js';
import { LOCALE_COOKIE, render, safeNext, viewContext } from '../render.js';
import { readCookie } from '../cookies.js';

type ErrorStatus = 400 | 403 | 404 | 405 | 409 | 413 | 422 | 429 | 500 | 503;

/** Seconds a client is asked to wait (Retry-After) when the database cannot be reached. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 10;

export function errorPage(c: AppContext, status: ErrorStatus, title: MessageKey, body: MessageKey, params?: Params) {
  if (!c.get('user')) {
    // No person's own choice: the cookie's or the browser's language. The same as the session
    // middleware chose, or, when it failed before choosing (the database could not be asked for
    // the session), what it would have chosen without the database.
    const locale = negotiateLocale({ cookie: readCookie(c, LOCALE_COOKIE), acceptLanguage: c.req.header('Accept-Language') });
    if (locale !== c.get('locale')) {
      c.set('locale', locale);
      c.set('t', translator(locale));
    }
  }
  return render(c, <ErrorPage ctx={viewContext(c)} title={title} body={body} {...(params ? { params } : {})} />, status);
}

/**
 * Where "send the link again" on a refusal comes back to: the page refused (GET), or the page of
 * this site the refused form was sent from (its Referer), else home.
 */
function backTo(c: AppContext): string {
  const url = new URL(c.req.url);
  if (c.req.method === 'GET') return safeNext(url.pathname + url.search);
  try {
    const from = new URL(c.req.header('Referer') ?? '');
    if (from.origin === new URL(c.get('deps').config.publicUrl).origin) return safeNext(from.pathname + from.search);
  } catch {
    /* no Referer, or not a URL */
  }
  return '/';
}

/**
 * Bodies over BODY_LIMIT_KB get the 413 page before anything reads them. GET and HEAD are let
 * through untouched: nothing reads their bodies, and asking for one (`c.req.raw.body`) makes
 * @hono/node-server build a whole fetch Request — about a tenth of a cached page's CPU.
 */
export const bodyLimitPage = (config: Config): MiddlewareHandler => {
  const limit = bodyLimit({ maxSize: config.bodyLimitBytes, onError: (c) => errorPage(c as AppContext, 413, 'error.tooLarge.title', 'error.tooLarge.body') });
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next));
};

/** 405 with Allow for a known path asked with another method; otherwise the 404 page. */
export function notFound(app: Hono<AppEnv>): NotFoundHandler<AppEnv> {
  let patterns: { method: string; re: RegExp }[] | undefined;
  return (c) => {
    patterns ??= app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => ({ method: r.method, re: new RegExp('^' + r.path.replace(/:[^/]+/g, '[^/]+').replace(/\*/g, '.*') + '/?$') }));
    const methods = [...new Set(patterns.filter((p) => p.re.test(c.req.path)).map((p) => p.method))];
    if (methods.length > 0) {
      c.header('Allow', methods.join(', '));
      return errorPage(c as AppContext, 405, 'error.method.title', 'error.method.body');
    }
    return errorPage(c as AppContext, 404, 'error.notFound.title', 'error.notFound.body');
  };
}

/**
 * The only place domain errors become HTTP: 403/404/409/422/429 pages with the reason people can
 * read, a client's malformed request 400, a database that cannot be reached 503 with Retry-After
 * (`isDatabaseUnavailable`: the connection was cut, refused or timed out; PostgreSQL shutting
 * down), and anything else a 500 with the request id (logged with its stack, never shown).
 */
export function onError(logger: Logger): ErrorHandler<AppEnv> {
  return async (err, c) => {
    const ctx = c as AppContext;
    if (isDatabaseUnavailable(err)) {
      // Expected during a failover or restart: one line per request, no stack.
      logger.warn('database unavailable', { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, error: err instanceof Error ? err.message : String(err) });
      c.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      return errorPage(ctx, 503, 'error.unavailable.title', 'error.unavailable.body', { requestId: c.get('requestId') ?? '' });
    }
    if (err instanceof InvalidInputError) return errorPage(ctx, 422, 'error.badRequest.title', 'error.badRequest.body');
    if (err instanceof RateLimitedError) {
      await recordSecurityEvent(ctx, { kind: 'rate_limit.hit', outcome: 'failure', detail: { method: c.req.method, path: c.req.path } });
      c.header('Retry-After', String(err.retryAfterSeconds));
      const wait = waitMessage(err);
      return errorPage(ctx, 429, 'error.rateLimited.title', wait.key, wait.params);
    }
    if (err instanceof DomainError) {
      const reason = 'reason' in err && typeof err.reason === 'string' ? (err.reason as MessageKey) : undefined;
      switch (err.status) {
        case 403: {
          const csrf = reason === 'error.csrf.body';
          await recordSecurityEvent(ctx, { kind: csrf ? 'csrf.rejected' : 'access.refused', outcome: 'failure', detail: { method: c.req.method, path: c.req.path, ...(reason && !csrf ? { reason } : {}) } });
          // Refused because the address is not confirmed (the one reason every policy gives for it): say what to do.
          const user = ctx.get('user');
          if (reason === UNCONFIRMED_REASON && user && !user.emailVerified) {
            return render(ctx, <UnconfirmedPage ctx={viewContext(ctx)} email={user.email} next={backTo(ctx)} />, 403);
          }
          return errorPage(ctx, 403, 'error.forbidden.title', reason ?? 'error.forbidden.body');
        }
        case 404:
          return errorPage(ctx, 404, 'error.notFound.title', 'error.notFound.body');
        case 409:
          return errorPage(ctx, 409, 'error.conflict.title', reason ?? 'error.conflict.body');
        default:
          return errorPage(ctx, 400, 'error.badRequest.title', reason ?? 'error.badRequest.body');
      }
    }
    if (err instanceof HTTPException && err.status < 500) {
      if (err.status === 413) return errorPage(ctx, 413, 'error.tooLarge.title', 'error.tooLarge.body');
      return errorPage(ctx, 400, 'error.badRequest.title', 'error.badRequest.body');
    }
    logger.error('unhandled error', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      error: err instanceof Error ? err.message : String(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    return errorPage(ctx, 500, 'error.server.title', 'error.server.body', { requestId: c.get('requestId') ?? '' });
  };
}
