/**
 * Sending mail. A command never queues a rendered message: it queues its feature's mail job with
 * ids only, and the job renders the message when it runs — creating a one-time link's token
 * then, so no job payload, log line or outbox row ever holds a working link (the token tables
 * keep only hashes). Without SMTP, messages go to the outbox: a row for platform admins with the
 * secrets masked, and the full message in the development mail spool (DATA_DIR/mail), which the
 * daily housekeeping empties of messages older than MAIL_SPOOL_DAYS.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { isLoopback } from '../config.js';
import type { Db } from '../db/client.js';
import { outboxMessages } from '../db/schema/index.js';
import type { Logger } from '../lib/logger.js';
import { maskSecrets, type MailMessage, type Mailer } from '../lib/mailer.js';

export type { MailMessage, Mailer };

/** How long a message stays in the development mail spool (the longest link in one, an invitation's, lasts 7 days). */
export const MAIL_SPOOL_DAYS = 7;
const SPOOL_NOTE = `Development mail spool: no SMTP_URL is set, so Commonwise writes each message here instead of sending it. It holds working one-time links: for development and evaluation only. Messages are deleted after ${MAIL_SPOOL_DAYS} days.`;

/** The development mail spool's folder. */
export const mailSpoolDir = (dataDir: string) => path.join(dataDir, 'mail');

export type SmtpTransportOptions = ReturnType<typeof parseConnectionUrl> & { requireTLS?: boolean; ignoreTLS?: boolean };

/**
 * nodemailer's options for SMTP_URL, TLS by default. nodemailer alone upgrades an smtp://
 * connection with STARTTLS only when the server offers it, so anyone on the path who strips
 * the offer reads the mail (one-time links included) and the password. Here:
 * - smtps:// is TLS from the first byte (as in nodemailer);
 * - smtp:// to another machine requires STARTTLS (`requireTLS`): no upgrade, no mail. The URL
 *   opts out only by saying so, with nodemailer's own `?ignoreTLS=true` (logged at start-up);
 * - smtp:// to this machine (a local relay, mailpit in development) stays plain (`ignoreTLS`),
 *   so a relay's self-signed STARTTLS certificate does not stop the mail; `?requireTLS=true` still wins.
 * Certificates are checked unless the URL says `tls.rejectUnauthorized=false` (refused in production).
 */
export function smtpTransportOptions(smtpUrl: string): SmtpTransportOptions {
  const options: SmtpTransportOptions = parseConnectionUrl(smtpUrl);
  if (options.secure) return options;
  if (options.host !== undefined && isLoopback(options.host)) return options.requireTLS ? options : { ...options, ignoreTLS: true };
  if (options.ignoreTLS === true && !options.requireTLS) return options;
  return { ...options, requireTLS: true };
}

/** SMTP through nodemailer when SMTP_URL is set, over TLS unless the URL says otherwise (smtpTransportOptions). */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpTransportOptions(smtpUrl));
  return {
    kind: 'smtp',
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
    },
  };
}

/**
 * Without SMTP: each message is written as an .eml file to the development mail spool (with a
 * header saying what it is, and a README beside), logged without its text, and kept in the
 * outbox table with its secrets masked, so a platform admin sees what was sent but gets no
 * working link into someone else's account.
 */
export function outboxMailer(db: Db, dataDir: string, from: string, logger: Logger): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const dir = mailSpoolDir(dataDir);
  return {
    kind: 'outbox',
    async send(m) {
      const info = await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, headers: { 'X-Commonwise-Spool': SPOOL_NOTE } });
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(dir, 'README.txt'), `${SPOOL_NOTE}\n`);
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}.eml`);
      await fs.writeFile(file, info.message as Buffer, { mode: 0o600 });
      await db.insert(outboxMessages).values({ to: m.to, subject: m.subject, text: maskSecrets(m.text, m.secrets), file });
      logger.info('mail written to the development mail spool', { to: m.to, subject: m.subject, file });
    },
  };
}

/** Deletes the spool's messages last written before `now` less `days`; returns how many. A missing spool is empty. */
export async function expireMailSpool(dataDir: string, now: Date, days = MAIL_SPOOL_DAYS): Promise<number> {
  const dir = mailSpoolDir(dataDir);
  const cutoff = now.getTime() - days * 86_400_000;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let deleted = 0;
  for (const name of names) {
    if (!name.endsWith('.eml')) continue;
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat?.isFile() && stat.mtimeMs < cutoff) {
      await fs.rm(file, { force: true });
      deleted++;
    }
  }
  return deleted;
}
