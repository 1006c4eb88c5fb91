/**
 * What a PostgreSQL connection string says about where it goes and how it protects the
 * connection, and the postgres.js options that make it mean what libpq means.
 *
 * postgres.js reads `sslmode` itself, with one trap: `require` (like `prefer` and `allow`)
 * encrypts but checks no certificate (it sets `rejectUnauthorized: false`), so anyone on the
 * network path can pose as the database. `verify-full` checks the certificate chain against
 * Node's trusted CAs and the host name (postgres.js also checks the host name for
 * `verify-ca`, which libpq does not) — except for an IP address, see postgresConnectOptions. It
 * does not read `sslrootcert` from the URL: it sends it to the server as a run-time parameter,
 * which the server refuses. We read it here: the file named becomes the only trusted CA, the
 * host name is checked, and TLS is required.
 */
import fs from 'node:fs';
import net from 'node:net';
import type { ConnectionOptions } from 'node:tls';

export type PostgresTarget = {
  /** Host names or addresses as written (several for a multi-host URL); a unix-socket folder starts with '/'. */
  hosts: string[];
  user: string;
  /** The URL's password, decoded (never log it). */
  password: string;
  /** `sslmode` (or postgres.js's own `ssl`) as written; undefined when absent. */
  sslmode: string | undefined;
  /** `sslrootcert` as written: a file, or `system` for Node's trusted CAs. */
  sslrootcert: string | undefined;
};

/**
 * Splits a connection string the way postgres.js does (its hosts come from the text between
 * `://` and the first `/` or `?`, so a multi-host list like `a:5432,b:5432` works); an empty
 * host means `localhost`, postgres.js's default.
 */
export function parsePostgresUrl(url: string): PostgresTarget {
  const authority = url.slice(url.indexOf('://') + 3).split(/[?/]/)[0] ?? '';
  const at = authority.lastIndexOf('@');
  const hostList = decodeURIComponent(authority.slice(at + 1));
  const hosts = hostList === '' ? ['localhost'] : hostList.split(',').map(stripPort);
  const userInfo = at >= 0 ? authority.slice(0, at) : '';
  const colon = userInfo.indexOf(':');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
  return {
    hosts,
    user: decode(colon >= 0 ? userInfo.slice(0, colon) : userInfo),
    password: colon >= 0 ? decode(userInfo.slice(colon + 1)) : '',
    sslmode: query.get('sslmode') ?? query.get('ssl') ?? undefined,
    sslrootcert: query.get('sslrootcert') ?? undefined,
  };
}

/** `db:5432` → `db`, `[::1]:5432` → `::1`, `/run/postgresql` stays as it is. */
function stripPort(hostPort: string): string {
  if (hostPort.startsWith('[')) return hostPort.slice(1, hostPort.indexOf(']'));
  if (hostPort.startsWith('/')) return hostPort;
  const colon = hostPort.lastIndexOf(':');
  return colon >= 0 && hostPort.indexOf(':') === colon ? hostPort.slice(0, colon) : hostPort;
}

/** This machine only: a loopback address, `localhost`, or a unix-socket folder. */
export const isLocalDatabaseHost = (host: string) =>
  host.startsWith('/') || host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/**
 * How the connection is protected: `verified` (TLS, certificate and host name checked),
 * `unverified` (TLS whose certificate nobody checks: require, prefer, allow), or `none`
 * (plaintext: no sslmode, or disable).
 */
export function tlsProtection(target: Pick<PostgresTarget, 'sslmode' | 'sslrootcert'>): 'verified' | 'unverified' | 'none' {
  const mode = target.sslmode;
  if (mode === 'disable' || mode === 'false') return 'none';
  if (target.sslrootcert !== undefined) return 'verified'; // read by postgresConnectOptions: TLS required and checked
  if (mode === undefined) return 'none';
  if (mode === 'require' || mode === 'prefer' || mode === 'allow') return 'unverified';
  return 'verified'; // verify-full, verify-ca, or postgres.js's ssl=true: rejectUnauthorized stays on
}

/**
 * The URL and `ssl` option to hand to postgres.js. Unverified TLS (require, prefer, allow) and
 * plaintext go as written, less `sslrootcert`. Verified TLS becomes an `ssl` object of our own:
 * - `sslrootcert=<file>`: that file's certificates are the only trusted CAs (the parameter is
 *   taken out of the URL: the server would refuse it as a run-time setting); `system`, or no
 *   sslrootcert: Node's trusted CAs;
 * - the host name is checked: postgres.js passes a DNS name as `servername`, but for an IP
 *   address it passes none, and Node then checks the certificate against "localhost" (tested in
 *   tests/integration/db-tls.test.ts), so for an IP address we name the host ourselves. With
 *   several hosts one object cannot name each, so an IP address there is refused.
 */
export function postgresConnectOptions(url: string): { url: string; ssl?: ConnectionOptions } {
  const target = parsePostgresUrl(url);
  const stripped =
    target.sslrootcert === undefined ? url : url.replace(/([?&])sslrootcert=[^&]*(&?)/, (_m, lead: string, trail: string) => (trail ? lead : '')).replace(/\?$/, '');
  if (tlsProtection(target) !== 'verified') return { url: stripped };
  const ip = target.hosts.filter((h) => net.isIP(h) !== 0);
  if (ip.length > 0 && target.hosts.length > 1)
    throw new Error(`A database URL with several hosts and a checked certificate must name them by host name, not IP address (${ip.join(', ')}).`);
  const ssl: ConnectionOptions = { rejectUnauthorized: true, ...(ip[0] !== undefined ? { host: ip[0] } : {}) };
  if (target.sslrootcert !== undefined && target.sslrootcert !== 'system') {
    try {
      ssl.ca = fs.readFileSync(target.sslrootcert, 'utf8');
    } catch (err) {
      throw new Error(`The database URL's sslrootcert (${target.sslrootcert}) cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  return { url: stripped, ssl };
}
