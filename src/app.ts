import { randomBytes, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { createElement } from 'hono/jsx';
import { safeEqual } from './auth/tokens.js';
import { negotiateLocale, translator } from './i18n/index.js';
import type { AppContext, AppEnv, Deps } from './lib/context.js';
import { DomainError, ForbiddenError, InvalidInputError, RateLimitedError } from './lib/errors.js';
import { ANON_CSRF_COOKIE, LOCALE_COOKIE, render, takeFlash, viewContext } from './lib/http.js';
import { ErrorPage } from '../views/errors/ErrorPage.js';
import { staticRoutes } from './features/static/routes.js';
import { healthRoutes } from './features/health/routes.js';
import { pagesRoutes } from './features/pages/routes.js';
import { accountRoutes } from './features/accounts/routes.js';
import { adminRoutes } from './features/admin/routes.js';
import { challengesRoutes } from './features/challenges/routes.js';
import { votesRoutes } from './features/votes/routes.js';
import { commentsRoutes } from './features/comments/routes.js';
import { responsesRoutes } from './features/responses/routes.js';
import { followsRoutes } from './features/follows/routes.js';
import { peopleRoutes } from './features/people/routes.js';
import { ideasRoutes } from './features/ideas/routes.js';
import { organisationRoutes } from './features/organisations/routes.js';
import type { MessageKey, Params } from './i18n/index.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function errorPage(c: AppContext, status: 400 | 403 | 404 | 405 | 409 | 413 | 422 | 429 | 500, title: MessageKey, body: MessageKey, params?: Params) {
  return render(c, createElement(ErrorPage, { ctx: viewContext(c), title, body, ...(params ? { params } : {}) }), status);
}

export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();
  const { config, logger } = deps;

  // Request id, dependencies, access log.
  app.use(async (c, next) => {
    const requestId = randomUUID();
    c.set('requestId', requestId);
    c.set('deps', deps);
    // Defaults so error pages can render even if a later middleware fails.
    c.set('locale', 'en');
    c.set('t', translator('en'));
    c.set('user', null);
    c.set('session', null);
    c.set('csrfToken', '');
    c.set('flash', null);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    const path = c.req.path;
    if (!path.startsWith('/static/') && path !== '/healthz') {
      logger.info('request', { requestId, method: c.req.method, path, status: c.res.status, ms: Math.round(performance.now() - started) });
    }
  });

  // gzip for HTML, CSS and JS: keeps a first page load well under the 50 KB budget.
  app.use(compress());

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: [NONCE, "'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
      strictTransportSecurity: config.https ? 'max-age=31536000; includeSubDomains' : false,
      referrerPolicy: 'strict-origin-when-cross-origin',
      xContentTypeOptions: 'nosniff',
      xFrameOptions: 'DENY',
      crossOriginResourcePolicy: 'same-origin',
      crossOriginOpenerPolicy: 'same-origin',
      crossOriginEmbedderPolicy: false,
      permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
    }),
  );

  app.route('/', staticRoutes);
  app.route('/', healthRoutes);

  app.use(
    bodyLimit({
      maxSize: config.bodyLimitBytes,
      onError: (c) => errorPage(c as AppContext, 413, 'error.tooLarge.title', 'error.tooLarge.body'),
    }),
  );

  // Session, language, CSRF token and flash message for every page.
  app.use(async (c, next) => {
    const sessionId = getCookie(c, deps.sessions.cookieName);
    if (sessionId) {
      const v = await deps.sessions.validate(sessionId);
      if (v.cookie) c.header('Set-Cookie', v.cookie, { append: true });
      c.set('user', v.user);
      c.set('session', v.session);
    }
    const user = c.get('user');
    const locale = negotiateLocale({ user: user?.locale, cookie: getCookie(c, LOCALE_COOKIE), acceptLanguage: c.req.header('Accept-Language') });
    c.set('locale', locale);
    c.set('t', translator(locale));

    let token = c.get('session')?.csrfToken;
    if (!token) {
      token = getCookie(c, ANON_CSRF_COOKIE);
      if (!token || !/^[A-Za-z0-9_-]{32}$/.test(token)) {
        token = randomBytes(24).toString('base64url');
        setCookie(c, ANON_CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: config.https });
      }
    }
    c.set('csrfToken', token);
    if (c.req.method === 'GET') c.set('flash', takeFlash(c));
    await next();
  });

  // CSRF: the Origin must be ours, and the form (or htmx header) must carry this session's token.
  app.use(async (c, next) => {
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

  app.route('/', pagesRoutes);
  app.route('/', accountRoutes);
  app.route('/', adminRoutes);
  app.route('/', challengesRoutes);
  app.route('/', ideasRoutes);
  app.route('/', votesRoutes);
  app.route('/', commentsRoutes);
  app.route('/', responsesRoutes);
  app.route('/', followsRoutes);
  app.route('/', peopleRoutes);
  app.route('/', organisationRoutes);

  const routePatterns = () =>
    app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => ({ method: r.method, re: new RegExp('^' + r.path.replace(/:[^/]+/g, '[^/]+').replace(/\*/g, '.*') + '/?$') }));
  let patterns: ReturnType<typeof routePatterns> | undefined;

  app.notFound((c) => {
    const ctx = c as AppContext;
    patterns ??= routePatterns();
    const methods = [...new Set(patterns.filter((p) => p.re.test(c.req.path)).map((p) => p.method))];
    if (methods.length > 0) {
      c.header('Allow', methods.join(', '));
      return errorPage(ctx, 405, 'error.method.title', 'error.method.body');
    }
    return errorPage(ctx, 404, 'error.notFound.title', 'error.notFound.body');
  });

  app.onError((err, c) => {
    const ctx = c as AppContext;
    if (err instanceof InvalidInputError) return errorPage(ctx, 422, 'error.badRequest.title', 'error.badRequest.body');
    if (err instanceof RateLimitedError) {
      c.header('Retry-After', String(err.retryAfterSeconds));
      return errorPage(ctx, 429, 'error.rateLimited.title', 'error.rateLimited.body', { minutes: Math.max(1, Math.ceil(err.retryAfterSeconds / 60)) });
    }
    if (err instanceof DomainError) {
      const reason = 'reason' in err && typeof err.reason === 'string' ? (err.reason as MessageKey) : undefined;
      switch (err.status) {
        case 403:
          return errorPage(ctx, 403, 'error.forbidden.title', reason ?? 'error.forbidden.body');
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
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
