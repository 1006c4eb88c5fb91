/**
 * Commonwise's own TLS (TLS_CERT_FILE and TLS_KEY_FILE, decision 0067). Unset, Node serves plain
 * HTTP and TLS ends at the operator's proxy (docs/security/connections.md says what that proxy
 * must do). Set, Node serves HTTPS itself: TLS 1.2 and 1.3 only, forward-secret AEAD suites only,
 * the strongest first and the server's order honoured (ASVS V12.1.1, V12.1.2). In production the
 * certificate must be one browsers trust (V12.2.2): certificateProblems names what is wrong, and
 * the start-up checks refuse to start on it.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import { isIP } from 'node:net';
import { rootCertificates, type SecureVersion } from 'node:tls';
import type { TlsFiles } from './config.js';

/** TLS 1.2 suites: ECDHE key exchange and AEAD ciphers only (Mozilla's "intermediate" list without DHE), the 256-bit ones first. */
const TLS12_SUITES = [
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
];
/** TLS 1.3 suites (all three of the standard's), the 256-bit ones first. */
const TLS13_SUITES = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'];

/** What https.createServer gets besides the key and certificate. */
export const TLS_SERVER_OPTIONS = {
  minVersion: 'TLSv1.2' as SecureVersion,
  ciphers: [...TLS13_SUITES, ...TLS12_SUITES].join(':'),
  honorCipherOrder: true,
};

/**
 * The key and certificate chain the files hold, or an error naming the setting that is wrong
 * (unreadable, not PEM, a key that is not the certificate's).
 */
export function readTlsFiles(files: TlsFiles): { key: string; cert: string } {
  const read = (name: string, file: string) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`${name} (${file}) cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  };
  const cert = read('TLS_CERT_FILE', files.certFile);
  const key = read('TLS_KEY_FILE', files.keyFile);
  const chain = certificateChain(cert);
  if (chain.length === 0) throw new Error(`TLS_CERT_FILE (${files.certFile}) holds no PEM certificate`);
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new Error(`TLS_KEY_FILE (${files.keyFile}) holds no PEM private key (or it is encrypted)`);
  }
  if (!chain[0]!.checkPrivateKey(privateKey)) throw new Error(`TLS_KEY_FILE (${files.keyFile}) is not the key of the first certificate in TLS_CERT_FILE`);
  return { key, cert };
}

/** The certificates of a PEM bundle, the server's first. Unparseable blocks are left out. */
function certificateChain(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.flatMap((block) => {
    try {
      return [new X509Certificate(block)];
    } catch {
      return [];
    }
  });
}

/**
 * What stops browsers from trusting `pem` (the server's certificate, then its intermediates) for
 * `host` at `now`: one sentence each, empty when nothing does. Trusted roots default to the
 * publicly trusted ones Node ships (Mozilla's list), never the machine's own additions.
 */
export function certificateProblems(pem: string, host: string, now: Date, roots: readonly string[] = rootCertificates): string[] {
  const chain = certificateChain(pem);
  const leaf = chain[0];
  if (!leaf) return ['TLS_CERT_FILE holds no PEM certificate.'];
  const problems: string[] = [];
  const covers = isIP(host) ? leaf.checkIP(host) : leaf.checkHost(host, { wildcards: true, partialWildcards: false });
  if (covers === undefined) problems.push(`TLS_CERT_FILE's certificate is not for ${host} (PUBLIC_URL's host): browsers would refuse it.`);
  if (now < new Date(leaf.validFrom) || now > new Date(leaf.validTo))
    problems.push(`TLS_CERT_FILE's certificate is valid from ${new Date(leaf.validFrom).toISOString()} to ${new Date(leaf.validTo).toISOString()}, not now: renew it.`);
  if (!chainsToRoot(leaf, chain.slice(1), roots.map((r) => new X509Certificate(r))))
    problems.push(
      "TLS_CERT_FILE's certificate does not chain to a publicly trusted certificate authority (it is self-signed, from a private CA, or its intermediates are missing from the file): " +
        'use a certificate from a public CA (e.g. Let’s Encrypt), with its intermediates after it in the file.',
    );
  return problems;
}

/** Whether `cert` is signed, through `intermediates`, by one of `roots` (at most 8 links). */
function chainsToRoot(cert: X509Certificate, intermediates: X509Certificate[], roots: X509Certificate[], depth = 0): boolean {
  if (depth > 8) return false;
  const signedBy = (issuer: X509Certificate) => cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  if (roots.some(signedBy)) return true;
  return intermediates.some((i) => i.ca && !i.checkIssued(i) && signedBy(i) && chainsToRoot(i, intermediates, roots, depth + 1));
}
