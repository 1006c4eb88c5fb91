/**
 * SMTP over TLS by default (issue 14, point 4): the nodemailer options SMTP_URL turns into.
 * smtps:// is TLS from the first byte; smtp:// to another machine must upgrade with STARTTLS or
 * send nothing, unless the URL opts out with ?ignoreTLS=true; smtp:// to this machine (a local
 * relay, mailpit) stays plain. No mail is sent: nodemailer's own transport shows what it will do.
 */
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { smtpTransportOptions } from '../../src/jobs/mail.js';

describe('smtpTransportOptions', () => {
  it('smtps:// is TLS from the first byte', () => {
    const o = smtpTransportOptions('smtps://mailer:pw@smtp.example.org:465');
    expect(o).toMatchObject({ secure: true, host: 'smtp.example.org', port: 465, auth: { user: 'mailer', pass: 'pw' } });
    expect(o.requireTLS).toBeUndefined();
    expect(o.ignoreTLS).toBeUndefined();
  });

  it('smtp:// to another machine requires STARTTLS', () => {
    for (const url of ['smtp://mailer:pw@smtp.example.org:587', 'smtp://smtp.example.org', 'smtp://192.0.2.25:25', 'smtp://relay.internal?requireTLS=false'])
      expect(smtpTransportOptions(url), url).toMatchObject({ secure: false, requireTLS: true });
  });

  it('an smtp:// URL to another machine opts out only with ?ignoreTLS=true', () => {
    const o = smtpTransportOptions('smtp://relay.internal:25?ignoreTLS=true');
    expect(o).toMatchObject({ secure: false, host: 'relay.internal', ignoreTLS: true });
    expect(o.requireTLS).toBeUndefined();
    // Anything short of the literal opt-out still requires TLS.
    expect(smtpTransportOptions('smtp://relay.internal:25?ignoreTLS=1')).toMatchObject({ requireTLS: true });
  });

  it('smtp:// to this machine stays plain (a local relay, mailpit), unless the URL requires TLS', () => {
    for (const url of ['smtp://127.0.0.1:1025', 'smtp://localhost:25', 'smtp://[::1]:1025']) {
      const o = smtpTransportOptions(url);
      expect(o, url).toMatchObject({ secure: false, ignoreTLS: true });
      expect(o.requireTLS, url).toBeUndefined();
    }
    expect(smtpTransportOptions('smtp://localhost:25?requireTLS=true')).toMatchObject({ requireTLS: true });
  });

  it('keeps certificate checks as the URL says (tls.* parameters pass through)', () => {
    expect(smtpTransportOptions('smtps://smtp.example.org').tls).toBeUndefined(); // Node's default: checked
    expect(smtpTransportOptions('smtps://smtp.example.org?tls.rejectUnauthorized=false').tls).toEqual({ rejectUnauthorized: false });
  });

  it('is what the SMTP transport nodemailer builds runs with', () => {
    const transport = nodemailer.createTransport(smtpTransportOptions('smtp://mailer:pw@smtp.example.org:587'));
    const options = (transport.transporter as unknown as { options: Record<string, unknown> }).options;
    expect(options).toMatchObject({ host: 'smtp.example.org', port: 587, secure: false, requireTLS: true });
    transport.close();
  });
});
