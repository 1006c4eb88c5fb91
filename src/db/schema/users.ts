import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ref, timestamptz } from './columns.js';

export const users = pgTable(
  'users',
  {
    id: id(),
    /** Stored lower-cased and trimmed; unique. */
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    emailVerifiedAt: timestamptz('email_verified_at'),
    bio: text('bio').notNull().default(''),
    /** The profile's text (bio) hidden by a moderator under this rule; the name and the person's content are not affected. */
    profileHiddenAt: timestamptz('profile_hidden_at'),
    profileHiddenRule: text('profile_hidden_rule'),
    locale: text('locale', { enum: ['en', 'fr'] }).notNull().default('en'),
    isAdmin: boolean('is_admin').notNull().default(false),
    /** A platform moderator: works the whole moderation queue (admins are moderators too). */
    isModerator: boolean('is_moderator').notNull().default(false),
    /** A moderator's say on this account's trust ('trusted', 'new'), over the automatic one (age and accepted contributions); null: automatic. */
    trust: text('trust', { enum: ['trusted', 'new'] }),
    /** Suspended by a moderator (src/features/moderation): no sign-in, no session, until `suspended_until` (null: indefinitely). */
    suspendedAt: timestamptz('suspended_at'),
    suspendedUntil: timestamptz('suspended_until'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email), index('users_created_at_idx').on(t.createdAt)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 (hex) of the session id held in the cookie; the id itself is never stored. */
    idHash: text('id_hash').primaryKey(),
    userId: ref('user_id', () => users.id, 'cascade').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    createdAt: createdAt(),
    /** Token for the per-session CSRF check (random, not derived from the session id). */
    csrfToken: text('csrf_token').notNull(),
    /** A public name of the session, for "Your sessions" (sign out one): not the secret id, nor derived from it. */
    handle: uuid('handle').notNull().defaultRandom(),
    /** The browser and system families at sign-in ("Firefox on Windows"): never the full User-Agent, never a place or address. */
    device: text('device').notNull().default(''),
    /** When the session was last used, to within a few minutes (the idle timeout and "Your sessions"). */
    lastUsedAt: timestamptz('last_used_at').notNull().defaultNow(),
    /** Signed in with the password, waiting for the second factor: not signed in yet (src/features/second-factor). */
    pendingSecondFactor: boolean('pending_second_factor').notNull().default(false),
    /** When the person last proved who they are here (sign-in, re-authentication): sensitive actions need it recent. */
    authenticatedAt: timestamptz('authenticated_at').notNull().defaultNow(),
    /** The passkey ceremony under way in this session: its challenge, until it is used or expires. */
    challenge: text('challenge'),
    challengeExpiresAt: timestamptz('challenge_expires_at'),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId), index('sessions_expires_at_idx').on(t.expiresAt), uniqueIndex('sessions_handle_key').on(t.handle)],
);

/** Single-use, expiring tokens for e-mail verification and password reset (hash stored only). */
export const userTokens = pgTable(
  'user_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: ref('user_id', () => users.id, 'cascade').notNull(),
    purpose: text('purpose', { enum: ['verify_email', 'reset_password'] }).notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('user_tokens_user_id_idx').on(t.userId, t.purpose), index('user_tokens_expires_at_idx').on(t.expiresAt)],
);
