import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AppEnv } from '../../http/context.js';
import { HTMX_SRC } from '../../http/render.js';
import { ROOT as root } from '../../paths.js';

const htmxFile = fs.readFileSync(path.join(root, 'node_modules/htmx.org/dist/htmx.min.js'));

export const staticRoutes = new Hono<AppEnv>();

// htmx from node_modules under a versioned URL: cached for a year, a new version gets a new URL.
staticRoutes.get(HTMX_SRC, (c) => {
  c.header('Content-Type', 'text/javascript; charset=utf-8');
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  return c.body(htmxFile);
});

staticRoutes.use(
  '/static/*',
  serveStatic({
    root: path.relative(process.cwd(), path.join(root, 'public')) || '.',
    rewriteRequestPath: (p) => p.replace(/^\/static/, ''),
    onFound: (_path, c) => {
      c.header('Cache-Control', 'public, max-age=3600');
    },
  }),
);
