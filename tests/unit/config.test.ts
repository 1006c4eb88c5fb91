import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listenHost, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('runs with no settings at all (embedded defaults)', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: undefined,
      publicUrl: 'http://localhost:3000',
      publicUrlExplicit: false,
      https: false,
      databaseUrl: undefined,
      dataDir: path.resolve('./data'),
      smtpUrl: undefined,
      mailFrom: 'Commonwise <no-reply@commonwise.localhost>',
      trustProxy: 0,
      logLevel: 'info',
      demo: true,
      demoPassword: undefined,
      bodyLimitBytes: 256 * 1024,
      jobs: true,
      retentionDays: 30,
      holdReports: 3,
      alertHours: 24,
      eraseDays: 180,
      pageCacheBytes: 64 * 1024 * 1024,
      adminsRequireSecondFactor: true,
      stepUpSeconds: 900,
      operator: { name: null, contactEmail: null, address: null, accessibilityEmail: null, enforcementUrl: null },
    });
  });

  it('reads ADMIN_SECOND_FACTOR and STEP_UP_SECONDS, refusing anything else', () => {
    expect(loadConfig({ ADMIN_SECOND_FACTOR: 'optional' }).adminsRequireSecondFactor).toBe(false);
    expect(loadConfig({ STEP_UP_SECONDS: '60' }).stepUpSeconds).toBe(60);
    expect(() => loadConfig({ ADMIN_SECOND_FACTOR: 'no' })).toThrow(/ADMIN_SECOND_FACTOR/);
    expect(() => loadConfig({ STEP_UP_SECONDS: '5' })).toThrow(/STEP_UP_SECONDS: must be a whole number from 10/);
  });

  it('treats empty values (PORT= in an env file) as unset', () => {
    const c = loadConfig({ PORT: '', DATABASE_URL: '', PUBLIC_URL: ' ', DEMO: '', JOBS: '', BODY_LIMIT_KB: '' });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.demo).toBe(true);
    expect(c.jobs).toBe(true);
    expect(c.bodyLimitBytes).toBe(256 * 1024);
  });

  it('accepts a valid PORT and derives the default public URL from it', () => {
    const c = loadConfig({ PORT: '8080' });
    expect(c.port).toBe(8080);
    expect(c.publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
  });

  it.each(['abc', '70000', '-1', '3.5', '0x10', '1e3', '80 80'])('rejects PORT=%j with a clear message', (PORT) => {
    expect(() => loadConfig({ PORT })).toThrow(/^Invalid configuration:\n {2}PORT: must be a whole number from 0 to 65535$/);
  });

  it('lists every invalid setting at once', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', PUBLIC_URL: 'ftp://example.org', BODY_LIMIT_KB: '0', JOBS: 'maybe' });
    } catch (err) {
      message = (err as Error).message;
    }
    for (const name of ['PORT', 'LOG_LEVEL', 'PUBLIC_URL', 'BODY_LIMIT_KB', 'JOBS']) expect(message).toMatch(new RegExp(`^  ${name}: `, 'm'));
    expect(message).toContain('must be an http:// or https:// address');
  });

  it('seeds demo content by default only on the embedded database', () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/commonwise' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/commonwise', DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ DEMO: 'false' }).demo).toBe(false);
    expect(loadConfig({ DEMO: '0' }).demo).toBe(false);
    expect(() => loadConfig({ DEMO: 'yes please' })).toThrow(/DEMO/);
  });

  it('turns on HTTPS behaviour (Secure cookies, HSTS) only for an https PUBLIC_URL, without trailing slashes', () => {
    const c = loadConfig({ PUBLIC_URL: 'https://ideas.example.gov/' });
    expect(c).toMatchObject({ publicUrl: 'https://ideas.example.gov', publicUrlExplicit: true, https: true });
    expect(loadConfig({ PUBLIC_URL: 'http://ideas.example.gov' }).https).toBe(false);
    expect(() => loadConfig({ PUBLIC_URL: 'javascript:alert(1)' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
  });

  it('reads the other switches', () => {
    const c = loadConfig({ TRUST_PROXY: 'true', JOBS: 'false', LOG_LEVEL: 'silent', BODY_LIMIT_KB: '512', DATA_DIR: '/var/lib/commonwise', HOST: '127.0.0.1' });
    expect(c).toMatchObject({ trustProxy: 1, jobs: false, logLevel: 'silent', bodyLimitBytes: 512 * 1024, dataDir: '/var/lib/commonwise', host: '127.0.0.1' });
    expect(loadConfig({ TRUST_PROXY: '1', JOBS: '0' })).toMatchObject({ trustProxy: 1, jobs: false });
    expect(loadConfig({ TRUST_PROXY: '2' })).toMatchObject({ trustProxy: 2 });
    expect(loadConfig({ TRUST_PROXY: 'false' })).toMatchObject({ trustProxy: 0 });
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
  });
});

describe('listenHost: where the server listens', () => {
  it('listens on loopback only while demo content is present and HOST is unset (or empty)', () => {
    expect(listenHost(loadConfig({}), true)).toBe('127.0.0.1');
    expect(listenHost(loadConfig({ HOST: '' }), true)).toBe('127.0.0.1');
    expect(listenHost(loadConfig({ DATABASE_URL: 'postgres://db/commonwise' }), true)).toBe('127.0.0.1'); // seeded with npm run seed
  });

  it('listens on every interface without demo content, and wherever HOST says when it is set', () => {
    expect(listenHost(loadConfig({}), false)).toBe('0.0.0.0');
    expect(listenHost(loadConfig({ HOST: '0.0.0.0' }), true)).toBe('0.0.0.0');
    expect(listenHost(loadConfig({ HOST: '::' }), false)).toBe('::');
    expect(listenHost(loadConfig({ HOST: '127.0.0.1' }), false)).toBe('127.0.0.1');
  });

  it('takes DEMO_PASSWORD of at least 8 characters', () => {
    expect(loadConfig({ DEMO_PASSWORD: 'lantern-quartz-demo' }).demoPassword).toBe('lantern-quartz-demo');
    expect(loadConfig({ DEMO_PASSWORD: '' }).demoPassword).toBeUndefined();
    expect(() => loadConfig({ DEMO_PASSWORD: 'demo' })).toThrow(/DEMO_PASSWORD: must be at least 8 characters long/);
  });
});
