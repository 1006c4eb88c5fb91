/** The check that no log line of the suite holds a secret (.ci/check-logs.ts, issue 14 point 5). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLeaks, readLogDir } from '../../.ci/check-logs.js';

describe('findLeaks', () => {
  const secret = 'correct horse battery staple';
  it('finds a secret the tests handled, anywhere in a line, naming the line but not the secret', () => {
    const text = `{"msg":"request","path":"/"}\n{"msg":"oops","error":"bad ${secret}"}\n`;
    const leaks = findLeaks('log-1.jsonl', text, [secret]);
    expect(leaks).toEqual([{ file: 'log-1.jsonl', line: 2, why: 'secret #1 of the tests\' list' }]);
    expect(JSON.stringify(leaks)).not.toContain(secret);
  });

  it('finds fields named like secrets, and known secrets in paths; passes ids in paths and clean lines', () => {
    expect(findLeaks('f', '{"msg":"x","password":"hunter22"}', [])).toHaveLength(1);
    expect(findLeaks('f', '{"msg":"x","Token":"abc"}', [])).toHaveLength(1);
    expect(findLeaks('f', `{"path":"/reset-password/${secret}"}`, [secret])).toHaveLength(1);
    expect(findLeaks('f', '{"path":"/invitations/fc8bfaf1-896f-4ae3-b0ff-8a01d966ed10/accept","msg":"request"}', [])).toEqual([]); // an id, not a secret
    expect(findLeaks('f', '{"msg":"security","kind":"password.change","outcome":"success"}', [])).toEqual([]);
  });
});

describe('readLogDir', () => {
  it('reads the log files and the secrets noted beside them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-logs-'));
    try {
      fs.writeFileSync(path.join(dir, 'log-1.jsonl'), '{"msg":"a"}\n');
      fs.writeFileSync(path.join(dir, 'server-1-3000.log'), 'started\n');
      fs.writeFileSync(path.join(dir, 'secrets-1.txt'), 'a-long-secret-1\nshort\npassword\nundefined\na-long-secret-2\n');
      const { logs, secrets } = readLogDir(dir);
      expect(logs.map((l) => l.file).sort()).toEqual(['log-1.jsonl', 'server-1-3000.log']);
      expect(secrets.sort()).toEqual(['a-long-secret-1', 'a-long-secret-2']); // not the short, nor plain words typed as bad input
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
