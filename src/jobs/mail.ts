import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { outboxMessages } from '../db/schema/index.js';
import type { Logger } from '../lib/logger.js';
import type { MailMessage, Mailer } from '../lib/mailer.js';
import { defineJob, enqueueJob, type PayloadOf } from './queue.js';

export type { MailMessage, Mailer };

/** Sends one message through the app's mailer (SMTP, or the outbox). */
export const sendMailJob = defineJob({
  payload: z.object({ to: z.string().min(1), subject: z.string(), text: z.string() }),
  handle: (deps) => async (message) => deps.mailer.send(message),
});

declare module './queue.js' {
  interface JobPayloads {
    'mail.send': PayloadOf<typeof sendMailJob>;
  }
}

/** Queues a message; mail is sent by the job worker, never inside the request. */
export async function enqueueMail(db: Db, message: MailMessage, dedupeKey?: string) {
  await enqueueJob(db, 'mail.send', message, dedupeKey ? { dedupeKey } : {});
}

/** SMTP through nodemailer when SMTP_URL is set. */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    kind: 'smtp',
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
    },
  };
}

/**
 * Without SMTP, each message is written as an .eml file under DATA_DIR/mail, logged, and kept
 * in the outbox table so a platform admin can read it (e.g. to follow a verification link).
 */
export function outboxMailer(db: Db, dataDir: string, from: string, logger: Logger): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const dir = path.join(dataDir, 'mail');
  return {
    kind: 'outbox',
    async send(m) {
      const info = await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}.eml`);
      await fs.writeFile(file, info.message as Buffer);
      await db.insert(outboxMessages).values({ to: m.to, subject: m.subject, text: m.text, file });
      logger.info('mail written to outbox', { to: m.to, subject: m.subject, file });
    },
  };
}
