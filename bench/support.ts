import os from 'node:os';
import autocannon from 'autocannon';

export type LoadRow = { page: string; rps: number; p50: number; p99: number; errors: number };

/** Loads each page in turn with autocannon (loopback only), 20 connections, `seconds` each. */
export async function loadPages(baseUrl: string, pages: string[], seconds: number): Promise<LoadRow[]> {
  const rows: LoadRow[] = [];
  for (const page of pages) {
    const r = await autocannon({ url: baseUrl + page, connections: 20, duration: seconds, headers: { 'accept-encoding': 'gzip' } });
    rows.push({ page, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx });
  }
  return rows;
}

export function printRows(title: string, seconds: number, rows: LoadRow[]) {
  console.log(`\n${title}, ${os.cpus().length} cores, 20 connections, ${seconds} s per page\n`);
  console.log('| page | req/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.page} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} |`);
}
