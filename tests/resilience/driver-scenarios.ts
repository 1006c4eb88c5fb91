/**
 * One scenario of a PostgreSQL connection closing under postgres.js, run as its own process
 * (`node tests/resilience/driver-scenarios.ts <scenario> <database url>`) by
 * postgres-driver.test.ts, so that a crash is seen as what it is: the process dying. It prints one
 * JSON line with what it observed and exits 0; the test judges the observations.
 *
 * Each scenario ends only backends it opened itself (by pid), from a separate admin connection.
 * The upstream reports: porsager/postgres #1066, #1154, #1208 (the crash), #1209 (a skipped
 * write must settle its query), #1155 and #1215 (a transaction's queries after its connection
 * closed), #1186 (queries queued in a transaction never settle).
 */
import net from 'node:net';
import postgres from 'postgres';

const [scenario, url] = process.argv.slice(2);
if (!scenario || !url) throw new Error('usage: driver-scenarios.ts <scenario> <database url>');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const admin = postgres(url, { max: 1, onnotice: () => {} });
const kill = (pid: number) => admin`select pg_terminate_backend(${pid})`;
const code = (err: unknown) => (err && typeof err === 'object' && 'code' in err ? String(err.code) : String(err));

/** Marks a promise whose outcome is read later as handled now (an early rejection is not an unhandled one). */
const later = <T>(p: Promise<T>) => {
  p.catch(() => undefined);
  return p;
};

/** How a promise ends within `ms`: its value, its error's code, or 'pending'. */
async function outcome<T>(p: Promise<T>, ms: number): Promise<{ ok: T } | { error: string } | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<'pending'>((r) => (timer = setTimeout(() => r('pending'), ms)));
  try {
    return await Promise.race([p.then((ok) => ({ ok }), (err: unknown) => ({ error: code(err) })), pending]);
  } finally {
    clearTimeout(timer);
  }
}

const scenarios: Record<string, () => Promise<unknown>> = {
  /** #1208 via begin(): the backend ends mid-query; the transaction's own ROLLBACK used to be written to a null socket. */
  async 'transaction-killed-mid-query'() {
    const sql = postgres(url, { max: 2, onnotice: () => {} });
    let pid = 0;
    const tx = sql.begin(async (t) => {
      pid = (await t<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
      await t`select pg_sleep(3)`;
    });
    later(tx);
    while (!pid) await sleep(10);
    await sleep(200);
    await kill(pid);
    const transaction = await outcome(tx, 5_000);
    await sleep(300); // any write left scheduled on the closed connection runs now
    const after = await outcome(sql`select 1 as one`.then((r) => r[0]!['one']), 5_000);
    await sql.end({ timeout: 1 });
    return { transaction, after };
  },

  /**
   * #1155: the transaction's connection closes while its callback awaits something else; the pool
   * reconnects that connection for another query; the callback then goes on. Its next statement
   * must fail, not run on the new connection outside any transaction.
   */
  async 'transaction-goes-on-after-close'() {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    await sql`create table if not exists cut_rows (n int)`;
    await sql`truncate cut_rows`;
    let pid = 0;
    let resume!: () => void;
    const resumed = new Promise<void>((r) => (resume = r));
    let second: ReturnType<typeof outcome> | undefined;
    const tx = sql.begin(async (t) => {
      pid = (await t<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
      await t`insert into cut_rows values (1)`;
      await resumed; // e.g. hashing a password, or another service's answer
      second = outcome(t`insert into cut_rows values (2)`, 3_000);
      await second;
      return 'committed';
    });
    later(tx);
    while (!pid) await sleep(10);
    await kill(pid);
    const transaction = await outcome(tx, 5_000);
    // The pool reconnects the same connection object for an ordinary query.
    const reconnected = await outcome(sql`select 1 as one`.then((r) => r[0]!['one']), 5_000);
    resume();
    await sleep(500);
    const secondStatement = second ? await second : 'not issued';
    const rows = (await sql<{ n: number }[]>`select n from cut_rows order by n`).map((r) => r.n);
    await sql.end({ timeout: 1 });
    return { transaction, reconnected, secondStatement, rows };
  },

  /** #1186: a query queued inside the transaction (behind one being described) when the connection closes. */
  async 'transaction-queued-query'() {
    const sql = postgres(url, { max: 2, onnotice: () => {} });
    let pid = 0;
    let first: ReturnType<typeof outcome> | undefined;
    let queued: ReturnType<typeof outcome> | undefined;
    const tx = sql.begin(async (t) => {
      pid = (await t<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
      // A first parameterised statement is described first, which holds the next one in the transaction's queue.
      first = outcome(t`select pg_sleep(${3})`, 5_000);
      queued = outcome(t`select 2 as two`, 5_000);
      await Promise.all([first, queued]);
    });
    later(tx);
    while (!queued) await sleep(10);
    await sleep(300);
    await kill(pid);
    const transaction = await outcome(tx, 5_000);
    const result = { transaction, first: await first!, queued: await queued };
    await sleep(300);
    const after = await outcome(sql`select 1 as one`.then((r) => r[0]!['one']), 5_000);
    await sql.end({ timeout: 1 });
    return { ...result, after };
  },

  /**
   * #1208 via reserve(), and the hang #1209 and #1168's review describe: a query on a reserved
   * connection whose backend ended must reject (not crash, not hang); releasing it afterwards
   * must not put the closed connection back in service; the pool then works.
   */
  async 'reserved-after-close'() {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const reserved = await sql.reserve();
    const pid = (await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
    await kill(pid);
    await sleep(300);
    const late = await outcome(reserved`select 1 as one`, 3_000);
    reserved.release();
    await sleep(300);
    const after = await outcome(sql`select 1 as one`.then((r) => r[0]!['one']), 5_000);
    const again = await outcome(sql`select 2 as two`.then((r) => r[0]!['two']), 5_000);
    await sql.end({ timeout: 1 });
    return { late, after, again };
  },

  /**
   * #1192, #1205: the array-types query that every new connection runs first (fetch_types) fails —
   * here cancelled by a 1 ms statement_timeout. Nobody awaited it: an unhandled rejection.
   */
  async 'types-query-fails'() {
    const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { statement_timeout: 1 } });
    const first = await outcome(sql`select 1 as one`.then((r) => r[0]!['one']), 5_000);
    await sleep(300);
    await sql.end({ timeout: 1 });
    return { settled: first !== 'pending' };
  },

  /**
   * #1223: the backend of a new connection is ended while it fetches array types. The pool
   * connects again; the query the connection was opened for must run on the new backend, not get
   * the old backend's 57P01 — and the internal query's failure must not escape as an unhandled
   * rejection.
   */
  async 'killed-while-fetching-types'() {
    const target = new URL(url);
    const name = `cw_types_${process.pid}`;
    let held = false;
    const sql = postgres(url, {
      max: 1,
      onnotice: () => {},
      connection: { application_name: name },
      ...({
        socket: () =>
          new Promise<net.Socket>((resolve, reject) => {
            const s = net.connect(Number(target.port || 5432), target.hostname);
            const write = s.write.bind(s) as (chunk: Buffer, cb?: () => void) => boolean;
            // The first array-types query is never sent: its backend is ended instead, while idle.
            (s as unknown as { write: typeof write }).write = (chunk, cb) => {
              if (!held && chunk.includes('pg_catalog.pg_type')) {
                held = true;
                admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${name}`.catch(() => undefined);
                return true;
              }
              return write(chunk, cb);
            };
            s.once('connect', () => resolve(s));
            s.once('error', reject);
          }),
      } as object),
    });
    const first = await outcome(sql`select 1 as one`.then((r) => r[0]!['one']), 5_000);
    await sleep(300);
    const after = await outcome(sql`select 2 as two`.then((r) => r[0]!['two']), 5_000);
    await sql.end({ timeout: 1 });
    return { held, first, after };
  },

  /**
   * A connection that closes in the same tick as a write was scheduled: the bytes meant for the
   * old socket must not be kept for the new one, nor the cancelled timer block the next start-up
   * message (which used to wait for connect_timeout, then fail).
   */
  async 'closed-with-a-write-pending'() {
    const target = new URL(url);
    let current: net.Socket | undefined;
    // `socket` (a function making the connection's socket) is an option the typings leave out.
    const sql = postgres(url, {
      max: 1,
      onnotice: () => {},
      connect_timeout: 3,
      ...({ socket: () =>
        new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect(Number(target.port || 5432), target.hostname);
          s.once('connect', () => resolve((current = s)));
          s.once('error', reject);
        }) } as object),
    });
    await sql`select 1`;
    // In a setImmediate callback (as a write of another connection runs): the query's write is
    // left for the next setImmediate, and the socket's close comes first, in this turn of the loop.
    const pending = await new Promise<ReturnType<typeof outcome>>((resolve) =>
      setImmediate(() => {
        resolve(outcome(sql`select 'lost' as x`, 3_000));
        current!.destroy();
      }),
    );
    const lost = await pending;
    const started = Date.now();
    const next = await outcome(sql`select 'next' as x`.then((r) => r[0]!['x']), 5_000);
    const nextMs = Date.now() - started;
    const again = await outcome(sql`select 'again' as x`.then((r) => r[0]!['x']), 5_000);
    await sql.end({ timeout: 1 });
    return { lost, next, nextMs, again };
  },
};

const run = scenarios[scenario];
if (!run) throw new Error(`unknown scenario ${scenario}`);
try {
  process.stdout.write(`${JSON.stringify({ scenario, result: await run() })}\n`);
} finally {
  await admin.end({ timeout: 1 });
}
