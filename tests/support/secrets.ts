/**
 * With TEST_LOG_DIR set (CI sets it), the test apps' and e2e servers' logs are kept there, and
 * every secret the tests handle — passwords they type, session cookies, CSRF tokens, one-time
 * tokens in links they follow — is noted beside them: .ci/check-logs.ts then fails the run if any
 * log line of the whole suite holds one of them.
 */
import fs from 'node:fs';
import path from 'node:path';

export const logDir = process.env['TEST_LOG_DIR'] || undefined;

let file: fs.WriteStream | undefined;
const seen = new Set<string>();

/** Notes a value that must never appear in a log line (a no-op unless TEST_LOG_DIR is set). */
export function handledSecret(value: string | undefined | null) {
  if (!logDir || !value || value.length < 8 || seen.has(value)) return;
  seen.add(value);
  file ??= (fs.mkdirSync(logDir, { recursive: true }), fs.createWriteStream(path.join(logDir, `secrets-${process.pid}.txt`), { flags: 'a' }));
  file.write(`${value}\n`);
}

/** A log file of this test process in TEST_LOG_DIR, or undefined. */
export function logFileFor(name: string): string | undefined {
  if (!logDir) return undefined;
  fs.mkdirSync(logDir, { recursive: true });
  return path.join(logDir, name);
}
