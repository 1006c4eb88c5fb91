/**
 * A message to one person, rendered by its job when it is sent (never stored rendered: see
 * src/jobs/mail.ts). `secrets` are the parts of the text that must not be kept anywhere but the
 * recipient's mailbox — the token of a one-time link: the outbox keeps the text with them masked.
 */
export type MailMessage = { to: string; subject: string; text: string; secrets?: readonly string[] };

/** Sends mail: through SMTP, or into the outbox (files and an admin page) when no SMTP server is set. */
export type Mailer = { kind: 'smtp' | 'outbox'; send(message: MailMessage): Promise<void> };

/** What the outbox shows in place of a secret. */
export const MASK = '••••••••';

/** The text with every secret replaced by MASK. */
export function maskSecrets(text: string, secrets: readonly string[] = []): string {
  let masked = text;
  for (const secret of secrets) if (secret) masked = masked.split(secret).join(MASK);
  return masked;
}
