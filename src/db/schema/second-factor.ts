import { bigint, bigserial, customType, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ref, timestamptz } from './columns.js';
import { users } from './users.js';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => new Uint8Array(v),
});

/** A person's passkeys (src/features/second-factor): WebAuthn credentials, verified at each sign-in by their public key. */
export const passkeys = pgTable(
  'passkeys',
  {
    id: id(),
    userId: ref('user_id', () => users.id, 'cascade').notNull(),
    /** base64url, unique across everyone: the key an authenticator's answer is looked up by. */
    credentialId: text('credential_id').notNull(),
    /** The COSE public key: not a secret. */
    publicKey: bytea('public_key').notNull(),
    /** The authenticator's signature counter (0 for most synced passkeys). */
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    /** Comma-separated transport hints ("internal,hybrid"), given back to the browser. */
    transports: text('transports').notNull().default(''),
    /** The person's name for it ("Work laptop"). */
    name: text('name').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamptz('last_used_at'),
  },
  (t) => [uniqueIndex('passkeys_credential_key').on(t.credentialId), index('passkeys_user_idx').on(t.userId)],
);

/** A person's authenticator app (TOTP): the secret sealed under the server's key, and the last code's time step (no code is accepted twice). */
export const totpFactors = pgTable('totp_factors', {
  userId: ref('user_id', () => users.id, 'cascade').primaryKey(),
  /** sealSecret(secret, SECRET_KEY, userId): AES-256-GCM, useless without the server's key. */
  secretSealed: text('secret_sealed').notNull(),
  lastStep: bigint('last_step', { mode: 'number' }),
  /** Null while being set up: confirmed by a first correct code. */
  confirmedAt: timestamptz('confirmed_at'),
  createdAt: createdAt(),
});

/** Single-use recovery codes: a keyed hash of each, deleted when used. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: ref('user_id', () => users.id, 'cascade').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);
