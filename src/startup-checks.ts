/**
 * Production refuses to run unsafely (issue 14, point 4). In production — NODE_ENV=production, or
 * listening on an interface other machines reach (isProduction in src/config.ts) — the server
 * does not start while any of these holds, and says which and what to set:
 * - PUBLIC_URL is unset or not https:// (cookies would lack Secure, no HSTS, links in mail in clear);
 * - the demo is on or its content is in the database (published addresses, one shared password);
 * - a default secret: DEMO_PASSWORD set; SECRET_KEY a placeholder or not random; a database or
 *   SMTP password that is a well-known default or the user name;
 * - a database connection to another machine whose certificate is not checked (sslmode
 *   require/prefer/allow), or that is plaintext without saying so (no sslmode);
 * - SMTP to another machine with certificate checks turned off, or no SMTP_URL at all (mail would
 *   go to the development spool, and nobody could confirm an address or reset a password);
 * - with TLS_CERT_FILE (Node serves HTTPS), a certificate browsers would not trust for PUBLIC_URL's
 *   host now (src/tls.ts).
 * Messages name settings and hosts, never a password. There is no switch to start anyway: a
 * demo belongs on loopback, and each check has a safe setting.
 */
import { isLoopback, isProduction, type Config } from './config.js';
import { isLocalDatabaseHost, parsePostgresUrl, tlsProtection } from './db/tls.js';
import { smtpTransportOptions } from './jobs/mail.js';
import { certificateProblems } from './tls.js';

export type StartContext = {
  /** process.env.NODE_ENV */
  nodeEnv: string | undefined;
  /** The interface the server will listen on (listenHost). */
  host: string;
  /** The demo's accounts are in the database (demoContentPresent). */
  demoPresent: boolean;
  /** With TLS_CERT_FILE, the certificates Node will serve (the file as readTlsFiles read it). */
  certificate?: string;
};

type Checked = Pick<Config, 'publicUrl' | 'publicUrlExplicit' | 'https' | 'demo' | 'demoPassword' | 'secretKey' | 'databaseUrl' | 'migrationDatabaseUrl' | 'smtpUrl'>;

/** The reasons the server must not start, one sentence each (empty: it may). */
export function unsafeStartReasons(config: Checked, ctx: StartContext): string[] {
  if (!isProduction(ctx)) return [];
  const reasons: string[] = [];
  if (!config.publicUrlExplicit) reasons.push("PUBLIC_URL is not set: set PUBLIC_URL to the site's https:// address (e.g. https://ideas.example.gov).");
  else if (!config.https)
    reasons.push("PUBLIC_URL is not an https:// address (sign-in cookies would travel without Secure, and no HSTS is sent): set PUBLIC_URL to the site's https:// address; TLS may end at your proxy.");
  if (ctx.certificate) reasons.push(...certificateProblems(ctx.certificate, new URL(config.publicUrl).hostname.replace(/^\[|\]$/g, ''), new Date()));
  if (config.demo) reasons.push("DEMO is on: the demo's accounts have published addresses and one shared password. Set DEMO=false.");
  if (ctx.demoPresent)
    reasons.push("Demo content is present in the database (the demo's accounts have published addresses): a demo is not a deployment. Start on an empty database (a new DATA_DIR or DATABASE_URL).");
  if (config.demoPassword !== undefined) reasons.push('DEMO_PASSWORD is set: it is for development and tests only. Unset DEMO_PASSWORD.');
  if (config.secretKey !== undefined && weakSecret(config.secretKey))
    reasons.push('SECRET_KEY looks like a placeholder, not a random value: set SECRET_KEY to the output of `openssl rand -base64 32` (the same on every instance).');
  for (const [name, url] of [['DATABASE_URL', config.databaseUrl], ['MIGRATION_DATABASE_URL', config.migrationDatabaseUrl]] as const) {
    if (url) reasons.push(...databaseUrlReasons(name, url));
  }
  if (config.smtpUrl) reasons.push(...smtpUrlReasons(config.smtpUrl));
  else
    reasons.push(
      'SMTP_URL is not set: mail (confirmation and reset links, invitations, notices) would only be written to the development mail spool, never sent. Set SMTP_URL to your mail server (smtps://… or smtp://… with STARTTLS).',
    );
  return reasons;
}

/** What is worth a warning at every start (not refused): a plaintext connection to another machine that the URL asked for. */
export function startupWarnings(config: Pick<Config, 'databaseUrl' | 'migrationDatabaseUrl' | 'smtpUrl'>): string[] {
  const warnings: string[] = [];
  for (const [name, url] of [['DATABASE_URL', config.databaseUrl], ['MIGRATION_DATABASE_URL', config.migrationDatabaseUrl]] as const) {
    if (!url) continue;
    const target = parsePostgresUrl(url);
    const remote = target.hosts.filter((h) => !isLocalDatabaseHost(h));
    if (remote.length > 0 && target.sslmode !== undefined && tlsProtection(target) === 'none')
      warnings.push(`${name} asks for no TLS (sslmode=${target.sslmode}) to ${remote.join(', ')}: the connection, password included, crosses the network in clear. Only on a private network.`);
  }
  if (config.smtpUrl) {
    const smtp = smtpTransportOptions(config.smtpUrl);
    if (!smtp.secure && !smtp.requireTLS && smtp.ignoreTLS && !(smtp.host !== undefined && isLoopback(smtp.host)))
      warnings.push(`SMTP_URL opts out of TLS (ignoreTLS=true) to ${smtp.host ?? 'its server'}: mail, one-time links and the SMTP password cross the network in clear.`);
  }
  return warnings;
}

/**
 * Words that mark a value someone copied instead of generating. None of them can occur in a hex
 * key; in a random base64 key of 43 characters each has a chance below one in ten million.
 */
const PLACEHOLDER_WORDS = ['change', 'secret', 'example', 'password', 'placeholder', 'default', 'replace', 'commonwise'];

/**
 * A SECRET_KEY that is not random: a placeholder word, or fewer than 8 distinct characters
 * ("aaaa…", "abcabc…"). config.ts already refuses fewer than 32 characters. A 32-character
 * random hex key has fewer than 8 distinct characters about once in 28 million.
 */
export function weakSecret(secret: string): boolean {
  const lower = secret.toLowerCase();
  return new Set(secret).size < 8 || PLACEHOLDER_WORDS.some((w) => lower.includes(w));
}

/** Passwords that ship as defaults in images, tutorials and compose files. */
const DEFAULT_PASSWORDS = new Set(['postgres', 'password', 'passw0rd', 'changeme', 'change-me', 'secret', 'admin', 'root', 'example', 'commonwise', 'test', 'pass', '123456', '12345678', 'letmein']);

/** A password that is a well-known default, or the user name again. */
export const defaultPassword = (user: string, password: string) => password !== '' && (DEFAULT_PASSWORDS.has(password.toLowerCase()) || password === user);

function databaseUrlReasons(name: string, url: string): string[] {
  const target = parsePostgresUrl(url);
  const reasons: string[] = [];
  const remote = target.hosts.filter((h) => !isLocalDatabaseHost(h));
  const protection = tlsProtection(target);
  const hosts = remote.join(', ');
  if (remote.length > 0 && protection === 'unverified')
    reasons.push(
      `${name} uses sslmode=${target.sslmode} to ${hosts}: the connection is encrypted but nobody checks the server's certificate, so anyone on the network path can pose as the database. ` +
        'Set sslmode=verify-full (and sslrootcert=/path/to/ca.pem when a private CA signed the server certificate).',
    );
  if (remote.length > 0 && protection === 'none' && target.sslmode === undefined)
    reasons.push(
      `${name} connects to ${hosts} without TLS (no sslmode): set sslmode=verify-full (with sslrootcert=/path/to/ca.pem for a private CA), ` +
        'or write sslmode=disable if the network in between is private and plaintext is your choice.',
    );
  if (defaultPassword(target.user, target.password)) reasons.push(`${name}'s password is a well-known default (or the user name): give the database role a strong password.`);
  return reasons;
}

function smtpUrlReasons(url: string): string[] {
  const smtp = smtpTransportOptions(url);
  const reasons: string[] = [];
  const remote = !(smtp.host !== undefined && isLoopback(smtp.host));
  if (remote && smtp.tls?.['rejectUnauthorized'] === false)
    reasons.push(
      "SMTP_URL turns certificate checks off (tls.rejectUnauthorized=false): anyone on the network path can pose as the mail server. Remove it (for a private CA, point NODE_EXTRA_CA_CERTS at the CA's certificate).",
    );
  if (smtp.auth && defaultPassword(smtp.auth.user, smtp.auth.pass)) reasons.push("SMTP_URL's password is a well-known default (or the user name): use the mail account's real password.");
  return reasons;
}
