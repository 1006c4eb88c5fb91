/**
 * Signed-in pages under load for the feature benches (bench/moderation.ts, bench/judging.ts):
 * each page warmed for 3 s, then measured with autocannon at 20 connections; the table compares
 * each with a reference page measured in the same run (first and last), since the machine is
 * shared and noisy, against the target p99 ≤ 100 ms.
 */
import autocannon from 'autocannon';

export const REFERENCE = 'reference: /following (signed in)';
export type SignedInPage = [name: string, path: string, cookie: string];
export type Row = { name: string; rps: number; p50: number; p99: number; errors: number };

export async function measureSignedIn(url: string, pages: readonly SignedInPage[], seconds: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [name, page, cookie] of pages) {
    await autocannon({ url: url + page, connections: 20, duration: 3, headers: { cookie } });
    const r = await autocannon({ url: url + page, connections: 20, duration: seconds, headers: { cookie } });
    rows.push({ name, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx });
  }
  return rows;
}

/** Prints the table under its heading, and fails the process when a page misses the target. */
export function report(heading: string, rows: readonly Row[]): void {
  console.log(`\n${heading}\n`);
  const reference = rows.filter((r) => r.name === REFERENCE);
  const refRps = reference.reduce((sum, r) => sum + r.rps, 0) / Math.max(1, reference.length);
  console.log('| page | req/s | ratio to the reference | p50 ms | p99 ms | errors | target p99 ≤ 100 ms |\n|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const own = r.name === REFERENCE;
    console.log(`| ${r.name} | ${r.rps} | ${own ? '1' : (r.rps / refRps).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.errors} | ${own ? '' : r.p99 <= 100 && r.errors === 0 ? 'pass' : 'FAIL'} |`);
  }
  if (rows.some((r) => r.name !== REFERENCE && (r.p99 > 100 || r.errors > 0))) process.exitCode = 1;
}
