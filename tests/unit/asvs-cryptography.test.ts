/**
 * docs/security/cryptography.md (OWASP ASVS V11.1.1, V11.1.2, V11.2.2) stays true to the code: its
 * inventory names every file under src/ (and views/) that uses cryptography, and no other; the
 * parameters it states are read back from the code (or from what the code produces); the table of
 * where each algorithm is named is the code's; and what it says of SECRET_KEY is what
 * src/lib/secret.ts does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password.js';
import { openSecret, sealSecret, TOTP_DIGITS, TOTP_PERIOD_SECONDS } from '../../src/auth/second-factor/totp.js';
import { registrationOptions } from '../../src/auth/second-factor/webauthn.js';
import { ROOT } from '../../src/paths.js';
import { markdownTable, sourceFiles, withoutComments } from '../support/docs.js';

const DOC = 'docs/security/cryptography.md';
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const doc = read(DOC);
/** The text with its line breaks and runs of spaces as single spaces. */
const flat = (text: string) => text.replace(/\s+/g, ' ');
const prose = flat(doc);


const files = [...sourceFiles('src'), ...sourceFiles('views')].map((f) => ({ ...f, text: withoutComments(f.text) }));


/** The `src/…` and `views/…` paths written in backticks in a cell. */
const pathsIn = (cell: string) => [...cell.matchAll(/`((?:src|views)\/[^`]+)`/g)].map((m) => m[1]!);

/**
 * What counts as using cryptography: importing a cryptographic module (or one that does TLS or
 * makes session ids), Web Crypto, random UUID defaults in the schema, and hash or random functions
 * in SQL text.
 */
const CRYPTO = [
  /from '(?:node:crypto|crypto|@node-rs\/argon2|otpauth|@simplewebauthn\/[\w-]+|node:tls|tls|nodemailer|lucia|@oslojs\/[\w-]+)'/,
  /\bcrypto\.(?:getRandomValues|randomUUID|subtle)\b/,
  /\.defaultRandom\(\)/,
  /\b(?:md5|sha224|sha256|sha384|sha512|gen_random_uuid|gen_random_bytes|gen_salt|pgp_sym_encrypt|pgp_sym_decrypt)\(/,
];

describe('docs/security/cryptography.md (V11.1.1, V11.1.2, V11.2.2)', () => {
  const inventory = markdownTable(doc, 'Use');

  it('names in its inventory every file under src that uses cryptography, and no other', () => {
    const using = files.filter(({ text }) => CRYPTO.some((p) => p.test(text))).map(({ file }) => file);
    expect(using.length).toBeGreaterThan(20);
    const named = [...new Set(inventory.flatMap((row) => pathsIn(row[2]!)))].sort();
    expect(using.filter((f) => !named.includes(f)), 'add a row (or the file to a row) of the inventory').toEqual([]);
    expect(named.filter((f) => !using.includes(f)), 'a file the inventory names uses no cryptography (moved or gone?)').toEqual([]);
    for (const row of inventory) expect(row.every((cell) => cell !== ''), row[0]).toBe(true);
  });

  it('states the parameters the code uses: argon2id, AES-256-GCM with HKDF, TOTP, WebAuthn algorithms and random sizes', async () => {
    // argon2id: the parameters stated are those of a hash the code makes now.
    const stated = /`(\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$)`/.exec(doc);
    expect(stated, 'the argon2 parameters as `$argon2id$v=…$m=…,t=…,p=…$`').not.toBeNull();
    expect((await hashPassword('correct horse battery staple')).startsWith(stated![1]!)).toBe(true);
    const [m, t, p] = [Number(stated![2]), Number(stated![3]), Number(stated![4])];
    expect(prose).toContain(`${m / 1024} MiB of memory, ${t} passes, ${p} lane`);

    // AES-256-GCM: the cipher, nonce and tag sizes, and the version prefix of what is stored.
    const totp = withoutComments(read('src/auth/second-factor/totp.ts'));
    expect(totp).toContain("createCipheriv('aes-256-gcm'");
    expect(totp).toContain("createDecipheriv('aes-256-gcm'");
    const iv = /const IV_BYTES = (\d+);/.exec(totp)![1];
    const tag = /const TAG_BYTES = (\d+);/.exec(totp)![1];
    const version = /const SEAL_VERSION = '(\w+)';/.exec(totp)![1];
    expect(prose).toContain(`AES-256-GCM, a random ${iv}-byte nonce per seal, a ${tag}-byte tag, the user id as additional authenticated data`);
    expect(prose).toContain(`stored as \`${version}.\``);
    const key = 'k'.repeat(32);
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', key, 'user-1');
    expect(sealed.startsWith(`${version}.`)).toBe(true);
    expect(openSecret(sealed, key, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => openSecret(sealed, key, 'user-2')).toThrow();

    // HKDF: every derivation in the code, with its salt and info, is stated.
    const derivations = files.flatMap(({ file, text }) =>
      [...text.matchAll(/hkdfSync\('(\w+)', [^,]+, '([^']*)', (?:'([^']*)'|`([^`]*)`), (\d+)\)/g)].map((d) => ({
        file,
        hash: d[1],
        salt: d[2],
        info: (d[3] ?? d[4]!).replace('${SEAL_VERSION}', version!),
        bytes: d[5],
      })),
    );
    expect(derivations.map((d) => d.file).sort()).toEqual(['src/auth/second-factor/recovery-codes.ts', 'src/auth/second-factor/totp.ts']);
    for (const d of derivations) {
      expect(d.hash).toBe('sha256');
      const row = inventory.find((r) => pathsIn(r[2]!).includes(d.file) && r[3]!.includes('HKDF'));
      expect(row?.[3], d.file).toContain(`HKDF-SHA-256 (salt \`${d.salt}\`, info \`${d.info}\`, ${d.bytes} bytes)`);
    }

    // TOTP as authenticator apps expect it.
    expect(totp).toContain("algorithm: 'SHA1'");
    expect(prose).toContain(`HMAC-SHA-1, ${TOTP_DIGITS} digits, ${TOTP_PERIOD_SECONDS}-second steps`);
    expect(/const SECRET_BYTES = (\d+);/.exec(totp)![1]).toBe('20');
    expect(prose).toContain('secrets of 160 random bits');

    // WebAuthn: the algorithm ids stated are the code's list, and the ones offered at registration.
    const list = /const ALGORITHMS = \[([-\d, ]+)\];/.exec(withoutComments(read('src/auth/second-factor/webauthn.ts')));
    expect(list).not.toBeNull();
    const ids = list![1]!.split(',').map((s) => Number(s.trim()));
    expect(prose).toContain(`\`ALGORITHMS\` = [${ids.join(', ')}] (COSE: Ed25519, ES256, RS256)`);
    expect(ids).toEqual([-8, -7, -257]);
    const options = await registrationOptions({ rpName: 'Commonwise', rpId: 'localhost', user: { id: '00000000-0000-4000-8000-000000000000', name: 'a@example.org', displayName: 'A' } });
    expect(options.pubKeyCredParams.map((p) => p.alg)).toEqual(ids);

    // Random values: "N random bits (`randomBytes(M)`)" says N = 8 M, and each randomBytes(M) of
    // a file is in its row (the command-line tools aside).
    const stating = [...prose.matchAll(/(\d+) random bits \(`randomBytes\((\d+)\)`\)/g)];
    expect(stating.length).toBeGreaterThan(3);
    for (const s of stating) expect(Number(s[1]), s[0]).toBe(8 * Number(s[2]));
    for (const { file, text } of files) {
      if (file.startsWith('src/cli/')) continue;
      for (const r of text.matchAll(/randomBytes\((\d+)\)/g)) {
        const rows = inventory.filter((row) => pathsIn(row[2]!).includes(file)).map((row) => row.join(' '));
        expect(rows.some((row) => row.includes(`\`randomBytes(${r[1]})\``)), `${file}: randomBytes(${r[1]})`).toBe(true);
      }
    }
    expect(withoutComments(read('src/auth/tokens.ts'))).toContain('randomBytes(32)');
    expect(prose).toContain('256 random bits (`randomBytes(32)`), base64url, after the link\'s `#` (decision 0068); only their SHA-256 (hex) is stored');
    // Session ids are lucia's: the size the document gives is the one lucia uses, and no id is passed to it.
    expect(fs.readFileSync(path.join(ROOT, 'node_modules/lucia/dist/core.js'), 'utf8')).toContain('options?.sessionId ?? generateIdFromEntropySize(25)');
    expect(withoutComments(read('src/auth/sessions.ts'))).toContain('lucia.createSession(userId, attributes)');
    expect(prose).toContain('200 random bits from lucia (`generateIdFromEntropySize(25)`');
  });

  it('names where each algorithm is written, as the code does', () => {
    const rows = markdownTable(doc, 'Algorithm');
    const documented = new Map<string, string[]>();
    for (const [, names = '', where = ''] of rows)
      for (const n of names.matchAll(/`(\w+\('[\w-]+'\))`/g)) documented.set(n[1]!, pathsIn(where).sort());
    const inCode = new Map<string, string[]>();
    for (const { file, text } of files)
      for (const c of text.matchAll(/\b(createHash|createHmac|hkdfSync|createCipheriv|createDecipheriv)\('([\w-]+)'/g)) {
        const name = `${c[1]}('${c[2]}')`;
        inCode.set(name, [...new Set([...(inCode.get(name) ?? []), file])].sort());
      }
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(inCode));
    // The one cipher is AES-256-GCM: no other mode (no ECB, no CBC), no RSA encryption or padding,
    // no deprecated createCipher.
    expect([...inCode.keys()].filter((n) => /Cipheriv|Decipheriv/.test(n)).sort()).toEqual(["createCipheriv('aes-256-gcm')", "createDecipheriv('aes-256-gcm')"]);
    expect(files.filter(({ text }) => /\b(?:createCipher|createDecipher|publicEncrypt|privateDecrypt|privateEncrypt|publicDecrypt)\(|\bsubtle\./.test(text)).map(({ file }) => file)).toEqual([]);
    // The rest of the table: argon2, TOTP's algorithm and the WebAuthn list, each in one file.
    const whereOf = (algorithm: string) => pathsIn(rows.find((r) => r[0] === algorithm)?.[2] ?? '');
    const importing = (module: string) => files.filter(({ text }) => text.includes(`from '${module}'`)).map(({ file }) => file);
    expect(whereOf('argon2id')).toEqual(importing('@node-rs/argon2'));
    expect(whereOf('TOTP (HMAC-SHA-1)')).toEqual(files.filter(({ text }) => /algorithm: '\w+'/.test(text)).map(({ file }) => file));
    expect(whereOf('WebAuthn signatures')).toEqual(files.filter(({ text }) => /\bALGORITHMS\b/.test(text)).map(({ file }) => file));
    expect(whereOf('WebAuthn signatures')).toEqual(importing('@simplewebauthn/server'));
    // What it says of changing the password hash settings: nothing rehashes at sign-in.
    expect(files.filter(({ text }) => /rehash|needsRehash/i.test(text))).toEqual([]);
    expect(prose).toContain('Nothing rehashes a password at sign-in');
    // Sign-in checks a passkey with its own algorithm: ALGORITHMS is given at registration only.
    const webauthn = withoutComments(read('src/auth/second-factor/webauthn.ts'));
    expect(webauthn.match(/supportedAlgorithmIDs: ALGORITHMS/g)).toHaveLength(2); // registration options and their verification
    expect(/verifyAuthenticationResponse\(\{[^}]*supportedAlgorithmIDs/.test(webauthn)).toBe(false);
  });

  it('describes the one key as the code keeps it: who reads it, where it comes from, never logged', () => {
    // Every file that reads the server's secret is in the table of what it keys, and no other.
    const readers = files.filter(({ text }) => /\bsecret\(\)/.test(text)).map(({ file }) => file);
    const named = [...new Set(markdownTable(doc, 'What it keys').flatMap((row) => pathsIn(row[2]!)))].sort();
    expect(readers).toEqual(named);
    // The prefixes that keep its direct uses apart are the code's.
    expect(withoutComments(read('src/lib/security-log.ts'))).toContain('.update(`address:${address}`)');
    const origin = withoutComments(read('src/features/votes/origin.ts'));
    expect(origin).toContain("keyed(secret, 'vote-network', network)");
    expect(origin).toContain("keyed(secret, 'vote-agent', agent)");
    expect(prose).toContain('(`address:`, `vote-network`, `vote-agent`, and the rate limit');
    // Where it comes from, and how the generated one is kept.
    const secret = withoutComments(read('src/lib/secret.ts'));
    expect(secret).toContain("export const SECRET_FILE = 'secret-key';");
    expect(secret).toContain("fs.writeFileSync(file, `${generated}\\n`, { flag: 'wx', mode: 0o600 })");
    expect(secret).toContain('randomBytes(32)');
    expect(prose).toContain('generates 256 random bits at first use and keeps them in `DATA_DIR/secret-key`, written with mode 0600');
    expect(read('src/config.ts')).toMatch(/SECRET_KEY: z\.preprocess\(emptyToUndefined, z\.string\(\)\.trim\(\)\.min\(32,/);
    expect(prose).toContain('The `SECRET_KEY` setting (at least 32 characters');
    // Never logged: what the log says about it interpolates the file's name and an error code only.
    const interpolated = [...secret.matchAll(/logger\.\w+\(`([^`]*)`/g)].flatMap((m) => [...m[1]!.matchAll(/\$\{([^}]+)\}/g)].map((x) => x[1]));
    expect([...new Set(interpolated)].sort()).toEqual(["code ?? String(err)", 'file']);
    expect(prose).toContain('never logged (the log names the file, never the value)');
    // The effects of changing it that the document lists are real: the sealed secrets and the
    // recovery codes are keyed by it, and a sealed secret does not open under another key.
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', 'a'.repeat(32), 'u');
    expect(() => openSecret(sealed, 'b'.repeat(32), 'u')).toThrow();
    expect(prose).toContain('Authenticator app secrets cannot be opened');
    expect(prose).toContain('Recovery codes are refused. Passkeys keep working.');
  });
});
