/**
 * Commonwise's own TLS (TLS_CERT_FILE, TLS_KEY_FILE; src/tls.ts, decision 0067): the real server
 * speaks TLS 1.2 and 1.3 only, with forward-secret AEAD suites only, the strongest first (ASVS
 * V12.1.1, V12.1.2); production refuses a certificate browsers would not trust for PUBLIC_URL's
 * host (V12.2.2). Certificates are made here with openssl: a test CA, an intermediate, a
 * certificate for localhost. Each refusal has a control: the same client reaches a server
 * configured more loosely, so the refusal is the server's doing, not the client's.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { unsafeStartReasons } from '../../src/startup-checks.js';
import { certificateProblems, readTlsFiles } from '../../src/tls.js';
import { killAllServers, startServer, waitExit, type RunningServer } from '../support/server.js';

let dir: string;
const file = (name: string) => path.join(dir, name);
const pem = (name: string) => fs.readFileSync(file(name), 'utf8');

/** A root CA, an intermediate it signed, and leaf certificates for localhost: one from the intermediate, one self-signed. */
function makeCertificates() {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const caExt = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign'];
  ssl('req', '-x509', ...ec, '-keyout', 'root.key', '-out', 'root.pem', '-days', '2', '-subj', '/CN=Commonwise test root', ...caExt);
  fs.writeFileSync(file('ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n');
  ssl('req', '-new', ...ec, '-keyout', 'intermediate.key', '-out', 'intermediate.csr', '-subj', '/CN=Commonwise test intermediate');
  ssl('x509', '-req', '-in', 'intermediate.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '2', '-out', 'intermediate.pem', '-extfile', 'ca.ext');
  fs.writeFileSync(file('leaf.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  ssl('req', '-new', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost');
  ssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'intermediate.pem', '-CAkey', 'intermediate.key', '-CAcreateserial', '-days', '2', '-out', 'leaf.pem', '-extfile', 'leaf.ext');
  fs.writeFileSync(file('chain.pem'), pem('leaf.pem') + pem('intermediate.pem'));
  ssl('req', '-x509', ...ec, '-keyout', 'self.key', '-out', 'self.pem', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost');
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-app-tls-'));
  makeCertificates();
});

afterAll(async () => {
  await killAllServers();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('certificateProblems: would browsers trust this certificate for this host now?', () => {
  let now: Date;
  beforeAll(() => {
    now = new Date(Date.now() + 60_000); // the certificates were made a moment ago
  });

  it('a chain to a trusted root, intermediates after the certificate, for the host, now: nothing', () => {
    expect(certificateProblems(pem('chain.pem'), 'localhost', now, [pem('root.pem')])).toEqual([]);
    expect(certificateProblems(pem('chain.pem'), '127.0.0.1', now, [pem('root.pem')])).toEqual([]);
  });

  it('another host, another time, a missing intermediate, a self-signed certificate', () => {
    expect(certificateProblems(pem('chain.pem'), 'ideas.example.gov', now, [pem('root.pem')])).toEqual([
      "TLS_CERT_FILE's certificate is not for ideas.example.gov (PUBLIC_URL's host): browsers would refuse it.",
    ]);
    expect(certificateProblems(pem('chain.pem'), 'localhost', new Date(now.getTime() + 5 * 86_400_000), [pem('root.pem')])).toEqual([
      expect.stringMatching(/^TLS_CERT_FILE's certificate is valid from .* to .*, not now: renew it\.$/),
    ]);
    const untrusted = [expect.stringMatching(/^TLS_CERT_FILE's certificate does not chain to a publicly trusted certificate authority/)];
    expect(certificateProblems(pem('leaf.pem'), 'localhost', now, [pem('root.pem')])).toEqual(untrusted);
    expect(certificateProblems(pem('self.pem'), 'localhost', now, [pem('root.pem')])).toEqual(untrusted);
    // A self-signed certificate put in the file as its own "intermediate" proves nothing.
    expect(certificateProblems(pem('self.pem') + pem('self.pem'), 'localhost', now, [pem('root.pem')])).toEqual(untrusted);
    expect(certificateProblems('not a certificate', 'localhost', now)).toEqual(['TLS_CERT_FILE holds no PEM certificate.']);
  });

  it('by default only the publicly trusted roots Node ships count: a private CA does not', () => {
    expect(tls.rootCertificates.length).toBeGreaterThan(100);
    expect(certificateProblems(pem('chain.pem'), 'localhost', now)).toEqual([expect.stringMatching(/does not chain to a publicly trusted certificate authority/)]);
  });

  it('production refuses to start on such a certificate, and names the problem', () => {
    const base = { DEMO: 'false', PUBLIC_URL: 'https://localhost:3443', SMTP_URL: 'smtps://mailer:Zr8-long-unguessable@smtp.example.org:465' };
    const config = loadConfig({ ...base, TLS_CERT_FILE: file('chain.pem'), TLS_KEY_FILE: file('leaf.key') });
    const { cert } = readTlsFiles(config.tls!);
    expect(unsafeStartReasons(config, { nodeEnv: 'production', host: '127.0.0.1', demoPresent: false, certificate: cert })).toEqual([
      expect.stringMatching(/does not chain to a publicly trusted certificate authority/),
    ]);
    // Without TLS files, TLS is the proxy's: nothing to check here.
    expect(unsafeStartReasons(loadConfig(base), { nodeEnv: 'production', host: '127.0.0.1', demoPresent: false })).toEqual([]);
  });
});

describe('the TLS settings', () => {
  it('both files or neither; with them PUBLIC_URL is https (by default https://localhost:PORT)', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: file('chain.pem') })).toThrow(/TLS_CERT_FILE, TLS_KEY_FILE: set both/);
    expect(() => loadConfig({ TLS_CERT_FILE: file('chain.pem'), TLS_KEY_FILE: file('leaf.key'), PUBLIC_URL: 'http://localhost:3000' })).toThrow(/PUBLIC_URL: must be an https:\/\/ address when TLS_CERT_FILE is set/);
    const config = loadConfig({ TLS_CERT_FILE: file('chain.pem'), TLS_KEY_FILE: file('leaf.key'), PORT: '3443' });
    expect([config.publicUrl, config.https, config.tls]).toEqual(['https://localhost:3443', true, { certFile: file('chain.pem'), keyFile: file('leaf.key') }]);
  });

  it('files that cannot serve are named: unreadable, not PEM, a key that is not the certificate’s', () => {
    expect(() => readTlsFiles({ certFile: file('missing.pem'), keyFile: file('leaf.key') })).toThrow(/^TLS_CERT_FILE \(.*missing\.pem\) cannot be read: ENOENT$/);
    expect(() => readTlsFiles({ certFile: file('leaf.ext'), keyFile: file('leaf.key') })).toThrow(/^TLS_CERT_FILE \(.*\) holds no PEM certificate$/);
    expect(() => readTlsFiles({ certFile: file('chain.pem'), keyFile: file('leaf.ext') })).toThrow(/^TLS_KEY_FILE \(.*\) holds no PEM private key/);
    expect(() => readTlsFiles({ certFile: file('chain.pem'), keyFile: file('self.key') })).toThrow(/^TLS_KEY_FILE \(.*\) is not the key of the first certificate in TLS_CERT_FILE$/);
    expect(readTlsFiles({ certFile: file('chain.pem'), keyFile: file('leaf.key') })).toEqual({ cert: pem('chain.pem'), key: pem('leaf.key') });
  });
});

type Handshake = { ok: true; protocol: string | null; cipher: string } | { ok: false; error: string };

/** A TLS handshake with the client options given, trusting the test root. */
function handshake(port: number, options: tls.ConnectionOptions): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: pem('root.pem'), ...options }, () => {
      resolve({ ok: true, protocol: socket.getProtocol(), cipher: socket.getCipher().name });
      socket.end();
    });
    socket.on('error', (err) => resolve({ ok: false, error: err.message }));
  });
}

/** TLS 1.0 and 1.1, which OpenSSL 3 only offers at security level 0. */
const OLD_TLS: tls.ConnectionOptions[] = [
  { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' },
  { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' },
];
/** TLS 1.2 with a suite without forward secrecy (RSA key exchange: no use with an EC key) or with CBC. */
const WEAK_TLS12: tls.ConnectionOptions[] = [
  { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0' },
  { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES256-SHA384' },
];

describe('the real server with TLS_CERT_FILE and TLS_KEY_FILE', { timeout: 90_000 }, () => {
  let server: RunningServer;
  let control: https.Server;
  let controlPort: number;

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(dir, 'data-'));
    server = await startServer({ DATA_DIR: dataDir, TLS_CERT_FILE: file('chain.pem'), TLS_KEY_FILE: file('leaf.key'), PUBLIC_URL: 'https://localhost', LOG_LEVEL: 'info' }, { waitReady: false });
    const deadline = Date.now() + 60_000;
    while (!server.output().includes('Commonwise is listening')) {
      if (Date.now() > deadline || server.proc.exitCode !== null) throw new Error(`the server did not start:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // The control: a server that allows what Commonwise must refuse, and prefers a 128-bit suite.
    const controlOptions = { minVersion: 'TLSv1' as const, ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ALL:@SECLEVEL=0', honorCipherOrder: true };
    control = https.createServer({ cert: pem('chain.pem'), key: pem('leaf.key'), ...controlOptions }, (_req, res) => res.end('ok'));
    await new Promise<void>((r) => control.listen(0, '127.0.0.1', r));
    controlPort = (control.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((r) => control?.close(r));
    if (server) await server.stop();
  });

  it('serves the site over HTTPS, TLS 1.3 by preference, with HSTS', async () => {
    expect(await handshake(server.port, {})).toEqual({ ok: true, protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' });
    const res = await new Promise<{ status: number; hsts: string | undefined; body: string }>((resolve, reject) => {
      https
        .get({ host: '127.0.0.1', port: server.port, path: '/readyz', servername: 'localhost', ca: pem('root.pem') }, (r) => {
          let body = '';
          r.on('data', (d: Buffer) => (body += d.toString()));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, hsts: r.headers['strict-transport-security'] as string | undefined, body }));
        })
        .on('error', reject);
    });
    expect(res).toMatchObject({ status: 200, hsts: 'max-age=31536000; includeSubDomains' });
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok' });
  });

  it('TLS 1.2 with the strongest suite the client offers, the server choosing', async () => {
    expect(await handshake(server.port, { maxVersion: 'TLSv1.2' })).toEqual({ ok: true, protocol: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES256-GCM-SHA384' });
    // The client prefers a 128-bit suite; the server's order wins (the control's order picks that one).
    const client = { maxVersion: 'TLSv1.2' as const, ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384', honorCipherOrder: false };
    expect(await handshake(server.port, client)).toMatchObject({ ok: true, cipher: 'ECDHE-ECDSA-AES256-GCM-SHA384' });
    expect(await handshake(controlPort, client)).toMatchObject({ ok: true, cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256' });
  });

  it('refuses TLS 1.0 and 1.1, which a looser server accepts from the same client', async () => {
    for (const client of OLD_TLS) {
      expect(await handshake(controlPort, client)).toMatchObject({ ok: true, protocol: client.maxVersion });
      expect(await handshake(server.port, client)).toMatchObject({ ok: false });
    }
  });

  it('refuses TLS 1.2 suites with CBC or without AEAD, which a looser server accepts', async () => {
    for (const client of WEAK_TLS12) {
      expect(await handshake(controlPort, client)).toMatchObject({ ok: true, protocol: 'TLSv1.2' });
      expect(await handshake(server.port, client)).toEqual({ ok: false, error: expect.stringMatching(/handshake failure|no shared cipher/) });
    }
  });

  it('in production, refuses to start on a certificate from a private CA, and says why', async () => {
    const refused = await startServer(
      {
        NODE_ENV: 'production',
        DATA_DIR: fs.mkdtempSync(path.join(dir, 'data-')),
        TLS_CERT_FILE: file('chain.pem'),
        TLS_KEY_FILE: file('leaf.key'),
        PUBLIC_URL: 'https://localhost',
        SMTP_URL: 'smtps://mailer:Zr8-long-unguessable@smtp.example.org:465',
      },
      { waitReady: false },
    );
    expect(await waitExit(refused)).toEqual({ code: 1, signal: null });
    expect(refused.output()).toMatch(/Commonwise refuses to start in production \(NODE_ENV=production\):\n {2}- TLS_CERT_FILE's certificate does not chain to a publicly trusted certificate authority/);
  });

  it('a key that is not the certificate’s stops the start with the reason (status 2)', async () => {
    const bad = await startServer({ DATA_DIR: fs.mkdtempSync(path.join(dir, 'data-')), TLS_CERT_FILE: file('chain.pem'), TLS_KEY_FILE: file('self.key'), PUBLIC_URL: 'https://localhost' }, { waitReady: false });
    expect(await waitExit(bad)).toEqual({ code: 2, signal: null });
    expect(bad.output()).toMatch(/TLS_KEY_FILE \(.*self\.key\) is not the key of the first certificate in TLS_CERT_FILE/);
  });
});
