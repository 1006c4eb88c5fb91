import { z } from 'zod';
import { requiredText } from '../../lib/fields.js';

/** The browser's answer to a passkey ceremony (JSON, checked by src/auth/second-factor/webauthn.ts); empty without JavaScript. */
const credentialField = z.string().max(20_000, 'validation.tooLong').default('');
/** A code from the authenticator app or a recovery code, as typed (normalised where it is checked). */
const codeField = z.string().trim().max(40, 'validation.tooLong').default('');

export const addPasskeySchema = z.object({ name: requiredText(60), credential: credentialField });
export const totpCodeSchema = z.object({ code: codeField });
/** The sign-in's second step and re-authentication: one proof, and where to go next. */
export const proofSchema = z.object({
  method: z.enum(['passkey', 'code', 'recovery', 'password'], 'validation.choice'),
  credential: credentialField,
  code: codeField,
  password: z.string().max(1024, 'validation.tooLong').default(''),
  next: z.string().max(2000).default('/'),
});
