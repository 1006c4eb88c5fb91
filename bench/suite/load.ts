/**
 * Load generation for the suite: autocannon from the bench process (the servers run in their own
 * processes), loopback only, every request anonymous with gzip, from one of a few returning
 * visitors in turn: each sends the cookies a browser would have kept from its first visit, its
 * seed of the challenge page's random order (without it every request would be a new visitor, a
 * new order, never a cached page) and its anonymous CSRF cookie (without it every answer sets a
 * new one).
 */
import { createHash } from 'node:crypto';
import autocannon from 'autocannon';

/**
 * autocannon's sampling interval, ms. It notices the end of a run (its duration, or `amount`
 * answered) only on a sample: at its default of a second, every run would last whole seconds.
 */
export const SAMPLE_MS = 100;

/** The visitors of a page run: each request is from the next one in turn. */
export const VISITORS = 20;
const token = (n: number) => createHash('sha256').update(`bench visitor ${n}`).digest('base64url').slice(0, 32);
const cookies = Array.from({ length: VISITORS }, (_, n) => `cw_seed=bench${n}; cw_csrf=${token(n)}`);
export const visitorCookie = (n: number) => cookies[n % VISITORS]!;

export type Measured = {
  /** Answers per second (2xx only), over the run's own duration. */
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  /** Answers with X-Page-Cache: hit / miss (the real server's cache; the bare stack copies "hit"). */
  hits: number;
  misses: number;
};

/**
 * Loads `paths` in turn (one path: all requests to it) for `seconds` with `connections`
 * connections, or for `amount` requests when given (a warm-up).
 */
export async function measure(baseUrl: string, paths: readonly string[], options: { seconds: number; connections: number; amount?: number }): Promise<Measured> {
  let n = 0;
  let hits = 0;
  let misses = 0;
  const started = performance.now();
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds }),
    timeout: 10,
    sampleInt: SAMPLE_MS,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          const i = n++;
          return { ...req, path: paths[i % paths.length]!, headers: { 'accept-encoding': 'gzip', cookie: visitorCookie(i) } };
        },
        onResponse: (_status, _body, _context, headers) => {
          const cache = (headers as Record<string, string | undefined> | undefined)?.['x-page-cache'];
          if (cache === 'hit') hits++;
          else if (cache === 'miss') misses++;
        },
      },
    ],
  });
  const seconds = options.amount ? (performance.now() - started) / 1000 : result.duration;
  return {
    rps: Math.round(result['2xx'] / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    hits,
    misses,
  };
}

/** Writes sent, answered (the others were still running when the run stopped), accepted (303), by status, their p99. */
export type WriteRun = { sent: number; answered: number; accepted: number; p99: number; errors: number; codes: Record<string, number> };

/**
 * Posts forms at a fixed overall rate until `stop` is aborted: request `n` is `request(n)`,
 * accepted when answered 303 (the no-JavaScript form's redirect, after the command committed).
 */
export async function postAtRate(
  baseUrl: string,
  rate: number,
  request: (n: number) => { path: string; cookie: string; body: string },
  stop: AbortSignal,
): Promise<WriteRun> {
  let n = 0;
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: baseUrl,
        // One connection per write a second (autocannon caps them at the rate): the rate holds while each write takes up to a second.
        connections: Math.max(1, Math.ceil(rate)),
        overallRate: rate,
        duration: 3600,
        timeout: 10,
        sampleInt: SAMPLE_MS,
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => {
              const r = request(n++);
              return { ...req, path: r.path, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl, cookie: r.cookie }, body: r.body };
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
  stop.addEventListener('abort', () => instance?.stop(), { once: true });
  const result = await done;
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
  return { sent: result.requests.sent, answered: Object.values(codes).reduce((a, b) => a + b, 0), accepted: codes['303'] ?? 0, p99: result.latency.p99, errors: result.errors + result.timeouts, codes };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
