/**
 * No secret in any log line of the whole test suite (issue 14, point 5), run by .ci/run after the
 * test suites with the directory they were given as TEST_LOG_DIR:
 *
 * - log-*.jsonl: every line the integration tests' apps logged (tests/support/app.ts);
 * - server-*.log: everything the e2e suite's real servers wrote (tests/support/server.ts);
 * - secrets-*.txt: every secret the tests handled (tests/support/secrets.ts): the passwords they
 *   typed, session cookies, CSRF tokens, one-time tokens in the links they followed.
 *
 * Fails (exit 1, naming file and line, never the secret itself) when a log line holds one of
 * those secrets, or a field whose name says it holds one (password, token, cookie, secret). No
 * path carries a secret (decision 0068: one-time codes travel after the '#', invitation links
 * name an id), and the known secrets are looked for in paths too. Also fails when there is
 * nothing to check.
 */
import fs from 'node:fs';
import path from 'node:path';

export type Leak = { file: string; line: number; why: string };

/** Field names no log line may carry (JSON keys, any case). */
const SECRET_KEYS = /"(password|newPassword|currentPassword|token|csrfToken|_csrf|cookie|set-cookie|secret|secretKey)"\s*:/i;
/** The leaks in one file's lines: a known secret, a secret-named field. */
export function findLeaks(file: string, text: string, secrets: readonly string[]): Leak[] {
  const leaks: Leak[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    if (SECRET_KEYS.test(line)) leaks.push({ file, line: i + 1, why: 'a field named like a secret' });
    const found = secrets.findIndex((s) => line.includes(s));
    if (found >= 0) leaks.push({ file, line: i + 1, why: `secret #${found + 1} of the tests' list` });
  }
  return leaks;
}

/**
 * Whether a value the tests handled is worth looking for: 8 characters or more, and not a single
 * plain word — tests type "password" or "undefined" as bad input, and those words occur in log
 * lines' own vocabulary ("wrong_password"). Real secrets mix digits, symbols or several words.
 */
export const isSecretLike = (s: string) => s.length >= 8 && !/^[A-Za-z]+$/.test(s);

/** Reads a TEST_LOG_DIR: its log files and the secrets noted beside them. */
export function readLogDir(dir: string): { logs: { file: string; text: string }[]; secrets: string[] } {
  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const secrets = new Set<string>();
  const logs: { file: string; text: string }[] = [];
  for (const name of names) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    if (name.startsWith('secrets-')) {
      for (const s of text.split('\n')) if (isSecretLike(s)) secrets.add(s);
    } else if (name.startsWith('log-') || name.startsWith('server-')) logs.push({ file: name, text });
  }
  return { logs, secrets: [...secrets] };
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: check-logs.ts <TEST_LOG_DIR>');
    process.exit(2);
  }
  const { logs, secrets } = readLogDir(dir);
  const lines = logs.reduce((n, l) => n + l.text.split('\n').length, 0);
  if (logs.length === 0 || secrets.length === 0) {
    console.error(`logs: nothing to check in ${dir} (${logs.length} log files, ${secrets.length} secrets): was TEST_LOG_DIR passed to the tests?`);
    process.exit(1);
  }
  const leaks = logs.flatMap((l) => findLeaks(l.file, l.text, secrets));
  for (const leak of leaks.slice(0, 50)) console.error(`logs: ${leak.file}:${leak.line}: ${leak.why}`);
  if (leaks.length > 0) {
    console.error(`logs: ${leaks.length} log lines hold a secret`);
    process.exit(1);
  }
  console.log(`logs: ${lines} lines in ${logs.length} files hold none of the ${secrets.length} secrets the tests handled`);
}
