import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { Logger } from './logger.js';

export const SECRET_FILE = 'secret-key';

/**
 * The server's secret for keyed hashes (the keys of rate-limit counters; the networks and browsers
 * recorded with votes): SECRET_KEY, or else one
 * generated at first use and kept in DATA_DIR/secret-key (readable by its owner only), so it
 * survives restarts without being stored in the database it protects. Read on first use only: a
 * command-line tool that never limits anything leaves DATA_DIR alone. Instances that share a
 * PostgreSQL database must share the secret too, or each counts on its own: on PostgreSQL without
 * SECRET_KEY this warns; where DATA_DIR cannot be written, a secret for this process only is used
 * (and a warning says so).
 */
export function serverSecret(config: Pick<Config, 'secretKey' | 'dataDir' | 'databaseUrl'>, logger: Logger): () => string {
  let secret: string | undefined;
  return () => (secret ??= load(config, logger));
}

function load(config: Pick<Config, 'secretKey' | 'dataDir' | 'databaseUrl'>, logger: Logger): string {
  if (config.secretKey) return config.secretKey;
  const file = path.join(config.dataDir, SECRET_FILE);
  if (config.databaseUrl)
    logger.warn(`SECRET_KEY is not set: the secret for keyed hashes is kept in ${file}. Give every instance the same SECRET_KEY, or each counts rate limits (and hashes the networks of votes) on its own.`);
  const existing = read(file);
  if (existing) return existing;
  const generated = randomBytes(32).toString('base64url');
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, `${generated}\n`, { flag: 'wx', mode: 0o600 });
    logger.info(`Generated the secret for keyed hashes in ${file} (set SECRET_KEY to choose it).`);
    return generated;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return read(file) ?? generated; // another process wrote it first
    logger.warn(`Could not write ${file} (${code ?? String(err)}): keyed hashes use a secret for this process only until SECRET_KEY is set.`);
    return generated;
  }
}

function read(file: string): string | undefined {
  try {
    const value = fs.readFileSync(file, 'utf8').trim();
    return value.length >= 32 ? value : undefined;
  } catch {
    return undefined;
  }
}
