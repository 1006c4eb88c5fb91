import fs from 'node:fs';
import path from 'node:path';

export type Mail = { file: string; to: string; subject: string; text: string };

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) in a header value. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, _charset: string, enc: string, data: string) => {
      if (enc.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString('utf8');
      return decodeQuotedPrintable(data.replace(/_/g, ' '));
    });
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const input = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    const hex = input.slice(i + 1, i + 3);
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Just enough of RFC 5322/MIME for the single-part text mails nodemailer writes. */
export function parseEml(file: string, raw: string): Mail {
  const normalized = raw.replace(/\r\n/g, '\n');
  const split = normalized.indexOf('\n\n');
  const head = split === -1 ? normalized : normalized.slice(0, split);
  const body = split === -1 ? '' : normalized.slice(split + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const text =
    encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
  return { file, to: decodeHeader(headers.get('to') ?? ''), subject: decodeHeader(headers.get('subject') ?? ''), text };
}

/** All mail the server has written to DATA_DIR/mail (no SMTP configured), oldest first. */
export function readMails(dataDir: string): Mail[] {
  const dir = path.join(dataDir, 'mail');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => parseEml(f, fs.readFileSync(path.join(dir, f), 'utf8')));
}

/**
 * Waits for a mail to `to` whose text contains a link matching `linkPattern` (mail goes out
 * through the background job worker, so it can take a moment), and returns that link.
 * Mail already seen (`after`: file names) is skipped.
 */
export async function waitForMailLink(
  dataDir: string,
  to: string,
  linkPattern: RegExp,
  options: { timeoutMs?: number; after?: Set<string> } = {},
): Promise<{ mail: Mail; link: string }> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    for (const mail of readMails(dataDir).reverse()) {
      if (options.after?.has(mail.file)) continue;
      if (!mail.to.toLowerCase().includes(to.toLowerCase())) continue;
      const link = mail.text.match(linkPattern)?.[0];
      if (link) return { mail, link };
    }
    if (Date.now() > deadline) {
      const seen = readMails(dataDir).map((m) => `${m.to}: ${m.subject}`);
      throw new Error(`no mail to ${to} with a link matching ${linkPattern} (mail seen: ${seen.join('; ') || 'none'})`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
