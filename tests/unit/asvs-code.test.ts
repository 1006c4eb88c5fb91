/**
 * ASVS requirements met by what the code does not contain (issue 14, point 8): no dynamic code,
 * no SQL built from text, no weak hash, no outbound connection beyond the two configured ones, no
 * loose comparison. Each test reads the source itself, so a change that brings one in fails here
 * and has to be looked at (and, if right, added to the allowlist below with its reason).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newToken } from '../../src/auth/tokens.js';
import { translator } from '../../src/i18n/index.js';
import '../../src/registry.js'; // every feature's messages
import { emailField } from '../../src/lib/fields.js';
import { ROOT } from '../../src/paths.js';
import { sourceFiles, withoutComments } from '../support/docs.js';



/** Each line of `files` matching `pattern`, as "file: line". */
function findings(files: { file: string; text: string }[], pattern: RegExp): string[] {
  const out: string[] = [];
  for (const { file, text } of files) for (const line of withoutComments(text).split('\n')) if (pattern.test(line)) out.push(`${file}: ${line.trim()}`);
  return out;
}

/** Our code's files: TypeScript and plain JavaScript. */
const JS = ['.ts', '.tsx', '.js'];
const app = () => [...sourceFiles('src', JS), ...sourceFiles('views', JS)];

describe('dynamic code (V1.3.2)', () => {
  it('has no eval, new Function or string timer in src, views or public/js', () => {
    const files = [...app(), ...sourceFiles('public', ['.js'])];
    expect(files.length).toBeGreaterThan(100);
    expect(findings(files, /\beval\s*\(|\bnew\s+Function\s*\(|\bFunction\s*\(\s*['"`]|set(Timeout|Interval)\s*\(\s*['"`]|\bvm\.(run|Script)|from 'node:vm'/)).toEqual([]);
  });
});

describe('SQL (V1.2.4)', () => {
  it('builds no SQL from text: sql.raw only for the idea status allowlist and integer limits', () => {
    const raw = findings(sourceFiles('src', JS), /sql\.raw\s*\(/);
    expect(raw).toEqual([
      "src/db/prepared.ts: return sql.raw(String(n));",
      "src/features/ideas/queries.ts: p.status ? sql`${ideas.status} = ${sql.raw(`'${p.status}'`)}` : sql`${ideas.status} NOT IN ('withdrawn', 'not_taken_forward')`,",
    ]);
    // Each refuses anything else before it becomes text: the status is checked against the allowlist, the count must be a safe integer.
    expect(fs.readFileSync(path.join(ROOT, 'src/features/ideas/queries.ts'), 'utf8')).toContain('if (p.status && !(LISTED_STATUSES as readonly string[]).includes(p.status)) throw new BadRequestError();');
    expect(fs.readFileSync(path.join(ROOT, 'src/db/prepared.ts'), 'utf8')).toContain('if (!Number.isSafeInteger(n) || n < 0) throw new RangeError');
    // No query is passed to a driver as a plain string (postgres.js's unsafe, a string given to execute).
    expect(findings(sourceFiles('src', JS), /\.unsafe\s*\(|execute\s*\(\s*[`'"]/)).toEqual([]);
  });
});

describe('cryptography (V11.2.1, V11.4.1, V11.4.3, V11.5.1)', () => {
  it('hashes with SHA-256 only: no MD5 or SHA-1 in src, except the RFC 6238 TOTP algorithm', () => {
    const algorithms = new Set<string>();
    for (const { text } of sourceFiles('src', JS)) for (const m of withoutComments(text).matchAll(/create(?:Hash|Hmac)\(\s*'([^']+)'|hkdfSync\(\s*'([^']+)'|createCipheriv\(\s*'([^']+)'/g)) algorithms.add(m[1] ?? m[2] ?? m[3]!);
    expect([...algorithms].sort()).toEqual(['aes-256-gcm', 'sha256']);
    // md5 in load-data.ts only mixes synthetic benchmark rows in SQL; TOTP's HMAC-SHA1 is what authenticator apps compute (RFC 6238).
    expect(findings(sourceFiles('src', JS), /\bmd5\b|\bsha-?1\b/i)).toEqual([
      "src/auth/second-factor/totp.ts: new TOTP({ issuer: TOTP_ISSUER, label, secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });",
      "src/cli/load-data.ts: export const hash32 = (salt: string, g: SQL) => sql`('x' || left(md5(${salt + ':'} || (${g})::text), 8))::bit(32)::bigint`;",
    ]);
  });

  it('takes cryptography from node:crypto, argon2 and the named second-factor libraries only', () => {
    const imported = new Set<string>();
    for (const { text } of app()) for (const m of text.matchAll(/from '([^']+)'/g)) imported.add(m[1]!);
    const cryptoLike = [...imported].filter((m) => /crypt|hash|argon|bcrypt|scrypt|\bsha(\d|-|$)|md5|jose|jwt|otp|webauthn|forge|sodium|nacl/i.test(m) && !m.startsWith('.'));
    expect(cryptoLike.sort()).toEqual(['@node-rs/argon2', '@simplewebauthn/server', 'node:crypto', 'otpauth']);
    // Math.random never makes a secret: only a spool file name, a reconnect jitter and a throwaway dummy password input.
    expect(findings(app(), /Math\.random/).map((f) => f.split(':')[0])).toEqual(['src/auth/password.ts', 'src/db/client.ts', 'src/jobs/mail.ts']);
  });

  it('makes one-time link tokens from 256 random bits, never twice the same', () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const { token, hash } = newToken();
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes in base64url
      expect(hash).toMatch(/^[0-9a-f]{64}$/); // SHA-256
      tokens.add(token);
    }
    expect(tokens.size).toBe(1000);
  });

  it('makes CSRF tokens, session secrets and the generated key with randomBytes of at least 16 bytes', () => {
    const sizes = new Map<string, number[]>();
    for (const { file, text } of sourceFiles('src', JS)) {
      for (const m of withoutComments(text).matchAll(/randomBytes\((\d+)\)/g)) sizes.set(file, [...(sizes.get(file) ?? []), Number(m[1])]);
    }
    const secrets = ['src/auth/sessions.ts', 'src/auth/tokens.ts', 'src/http/middleware/session.ts', 'src/lib/secret.ts', 'src/auth/password.ts'];
    for (const file of secrets) {
      expect(sizes.get(file), file).toBeDefined();
      for (const n of sizes.get(file)!) expect(n, file).toBeGreaterThanOrEqual(16);
    }
  });
});

describe('outbound connections (V13.2.4, V13.2.5)', () => {
  it('only the database client and the mailer open connections; nothing fetches a URL', () => {
    // Type-only imports (import type …) bring no code and are left out.
    const net = findings(sourceFiles('src', JS), /^(?!import type).*(from '(node:)?(http|https|http2|net|tls|dgram|undici|axios|node-fetch|got|postgres|nodemailer)'|\bfetch\s*\(|\bnew\s+WebSocket\b)/);
    expect(net).toEqual([
      "src/db/client.ts: import postgres from 'postgres';",
      "src/db/tls.ts: import net from 'node:net';",
      "src/features/votes/origin.ts: import { isIP } from 'node:net';",
      "src/jobs/mail.ts: import nodemailer from 'nodemailer';",
      "src/server.ts: import { createServer as createHttpsServer } from 'node:https';",
      "src/tls.ts: import { isIP } from 'node:net';",
      "src/tls.ts: import { rootCertificates, type SecureVersion } from 'node:tls';",
    ]);
    // db/tls.ts connects only to the configured DATABASE_URL's host (the database's TLS handshake); origin.ts and
    // src/tls.ts only parse addresses and certificates; server.ts only listens (HTTPS with TLS_CERT_FILE).
    for (const file of ['src/features/votes/origin.ts', 'src/tls.ts', 'src/server.ts'])
      expect(fs.readFileSync(path.join(ROOT, file), 'utf8')).not.toMatch(/\b(net|tls|https?)\.(connect|createConnection|request|get)\(|\bSocket\b/);
  });
});

describe('comparisons (V15.3.5)', () => {
  it('compares strictly everywhere: == and != only against null', () => {
    expect(findings(app(), /[^=!<>]==[^=]|!=[^=]/).filter((f) => !/[!=]= null\b/.test(f))).toEqual([]);
    const tsconfig = fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8');
    expect(tsconfig).toMatch(/"strict":\s*true/);
  });
});

describe('formats and mail headers (V1.3.10, V1.3.11)', () => {
  it('fills message parameters in one pass: a value holding {name} is not expanded again', () => {
    const t = translator('en');
    const text = t('mail.verify.body', { name: '{link}', link: 'https://example.org/x' });
    expect(text).toContain('Hello {link},');
    expect(text.match(/https:\/\/example\.org\/x/g)).toHaveLength(1);
  });

  it.each(['a@example.org\r\nBcc: b@example.org', 'a@example.org\nBcc: b@example.org', 'a@example.org,b@example.org', '"a\r\nb"@example.org', 'a@example.org%0aBcc:b@example.org'])(
    'refuses %j as an e-mail address, so no header can be injected through it',
    (value) => {
      expect(emailField.safeParse(value).success).toBe(false);
    },
  );
});
