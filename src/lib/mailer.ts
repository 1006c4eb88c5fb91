/** A message to one person; sent by the job worker, never inside a request (see src/jobs/mail.ts). */
export type MailMessage = { to: string; subject: string; text: string };

/** Sends mail: through SMTP, or into the outbox (files and an admin page) when no SMTP server is set. */
export type Mailer = { kind: 'smtp' | 'outbox'; send(message: MailMessage): Promise<void> };
