import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, gt, lt, ne, sql } from 'drizzle-orm';
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from 'lucia';
import { rawRows, type Db } from '../db/client.js';
import { judges, memberships, notifications, organisations, passkeys, sessions, totpFactors, users } from '../db/schema/index.js';
import type { Locale } from '../i18n/index.js';

/** A resident's session ends after this long without use (lucia extends it while in use)… */
export const SESSION_IDLE_DAYS = 7;
/** …and in any case this long after sign-in. */
export const SESSION_ABSOLUTE_DAYS = 30;
/**
 * Someone who acts for an organisation or the platform (an admin, a moderator, a member of an
 * organisation, a judge) is signed out sooner: after this long without use… (decision 0062)
 */
export const STAFF_IDLE_MINUTES = 60;
/** …and in any case this long after sign-in (a working day). */
export const STAFF_ABSOLUTE_HOURS = 12;
/** `last_used_at` is written at most this often per session (the idle timeout is this much coarser). */
export const LAST_USED_GRANULARITY_MS = 5 * 60_000;
/** Over HTTPS the cookie is `__Host-` prefixed: the browser then refuses it unless Secure, host-only and Path=/. */
export const sessionCookieName = (https: boolean) => (https ? '__Host-cw_session' : 'cw_session');

/** What a request knows about the signed-in person: never the password hash. */
export type SessionUser = {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  isAdmin: boolean;
  emailVerified: boolean;
  /** Unread notifications, counted up to UNREAD_MAX (the header's bell shows "99+" beyond). */
  unread: number;
  /** On a competition's judging panel (the header links to the Judging area). */
  judge: boolean;
  /** Has a second factor (a passkey, or a confirmed authenticator app). */
  secondFactor: boolean;
  /** Must have one: a platform admin (unless ADMIN_SECOND_FACTOR=optional), or staff of an organisation that requires it. */
  secondFactorRequired: boolean;
};

/** The bell counts unread notifications up to this many (a bounded count on every signed-in request). */
export const UNREAD_MAX = 100;

export type SessionInfo = {
  id: string;
  csrfToken: string;
  createdAt: Date;
  handle: string;
  /** When the person last proved who they are in this session (sign-in, re-authentication). */
  authenticatedAt: Date;
};

/** A session waiting for its second factor ends this long after the password was given. */
export const PENDING_MINUTES = 10;

type Attributes = {
  csrf_token: string;
  created_at: Date;
  handle: string;
  device: string;
  last_used_at: Date;
  staff: boolean;
  pending: boolean;
  authenticated_at: Date;
};

/** Whether an account is suspended now: suspended, and either indefinitely or until a moment still to come (no session, no sign-in). */
export const isSuspended = (u: { suspendedAt: Date | null; suspendedUntil: Date | null }, now: Date): boolean =>
  u.suspendedAt !== null && (u.suspendedUntil === null || u.suspendedUntil > now);

const isJudge = sql<boolean>`EXISTS (SELECT 1 FROM ${judges} WHERE ${judges.userId} = ${users.id} AND ${judges.removedAt} IS NULL)`;
/** Acts for an organisation or the platform: an admin, a moderator, a member of an organisation, or a judge. */
const staffOf = sql<boolean>`(${users.isAdmin} OR ${users.isModerator} OR EXISTS (SELECT 1 FROM ${memberships} WHERE ${memberships.userId} = ${users.id}) OR ${isJudge})`;

/** Has a passkey or a confirmed authenticator app. */
const hasSecondFactor = sql<boolean>`(EXISTS (SELECT 1 FROM ${passkeys} WHERE ${passkeys.userId} = ${users.id}) OR EXISTS (SELECT 1 FROM ${totpFactors} WHERE ${totpFactors.userId} = ${users.id} AND ${totpFactors.confirmedAt} IS NOT NULL))`;
/** On the staff of an organisation that requires a second factor. */
const organisationRequires = sql<boolean>`EXISTS (SELECT 1 FROM ${memberships} JOIN ${organisations} ON ${organisations.id} = ${memberships.organisationId} WHERE ${memberships.userId} = ${users.id} AND ${organisations.requireSecondFactor})`;

const hash = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

/**
 * A lucia adapter that stores only the SHA-256 of each session id, and loads only the user
 * columns a request needs. A suspended account has no valid session.
 */
function adapter(db: Db, adminsRequireSecondFactor: boolean): Adapter {
  const toSession = (row: typeof sessions.$inferSelect, id: string, staff: boolean): DatabaseSession => ({
    id,
    userId: row.userId,
    expiresAt: row.expiresAt,
    attributes: {
      csrf_token: row.csrfToken,
      created_at: row.createdAt,
      handle: row.handle,
      device: row.device,
      last_used_at: row.lastUsedAt,
      staff,
      pending: row.pendingSecondFactor,
      authenticated_at: row.authenticatedAt,
    } satisfies Attributes,
  });
  // Every signed-in request runs this lookup: built once, and prepared in PostgreSQL by name.
  const lookup = db
    .select({
      session: sessions,
      user: {
        id: users.id,
        email: users.email,
        displayName: users.displayName,
        locale: users.locale,
        isAdmin: users.isAdmin,
        emailVerifiedAt: users.emailVerifiedAt,
        suspendedAt: users.suspendedAt,
        suspendedUntil: users.suspendedUntil,
        unread: sql<number>`(SELECT count(*)::int FROM (SELECT 1 FROM ${notifications} WHERE ${notifications.userId} = ${users.id} AND ${notifications.readAt} IS NULL LIMIT ${UNREAD_MAX}) AS unread)`,
        judge: isJudge,
        staff: staffOf,
        secondFactor: hasSecondFactor,
        organisationRequires,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.idHash, sql.placeholder('idHash')))
    .limit(1)
    .prepare('session_lookup');
  return {
    async getSessionAndUser(sessionId) {
      const [row] = await lookup.execute({ idHash: hash(sessionId) });
      if (!row || isSuspended(row.user, new Date())) return [null, null];
      const user: DatabaseUser = {
        id: row.user.id,
        attributes: {
          email: row.user.email,
          display_name: row.user.displayName,
          locale: row.user.locale,
          is_admin: row.user.isAdmin,
          email_verified: row.user.emailVerifiedAt !== null,
          unread: Number(row.user.unread),
          judge: row.user.judge === true,
          second_factor: row.user.secondFactor === true,
          second_factor_required: (row.user.isAdmin && adminsRequireSecondFactor) || row.user.organisationRequires === true,
        },
      };
      return [toSession(row.session, sessionId, row.user.staff === true), user];
    },
    async getUserSessions() {
      // Ids are stored hashed, so sessions cannot be listed with their ids; lucia does not need this.
      return [];
    },
    async setSession(session) {
      const attrs = session.attributes as Attributes;
      await db.insert(sessions).values({
        idHash: hash(session.id),
        userId: session.userId,
        expiresAt: session.expiresAt,
        csrfToken: attrs.csrf_token,
        createdAt: attrs.created_at,
        handle: attrs.handle,
        device: attrs.device,
        lastUsedAt: attrs.last_used_at,
        pendingSecondFactor: attrs.pending,
        authenticatedAt: attrs.authenticated_at,
      });
    },
    async updateSessionExpiration(sessionId, expiresAt) {
      await db.update(sessions).set({ expiresAt }).where(eq(sessions.idHash, hash(sessionId)));
    },
    async deleteSession(sessionId) {
      await db.delete(sessions).where(eq(sessions.idHash, hash(sessionId)));
    },
    async deleteUserSessions(userId) {
      await db.delete(sessions).where(eq(sessions.userId, userId));
    },
    async deleteExpiredSessions() {
      await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
    },
  };
}

/**
 * Ends every session of an account at once: sign-out everywhere after a password change or reset,
 * a suspension, an admin's "end every session". Takes a transaction so the change it goes with
 * (the suspension) and the sign-out happen together. Returns how many sessions there were.
 */
export async function endAllSessions(db: Db, userId: string): Promise<number> {
  const gone = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ handle: sessions.handle });
  return gone.length;
}

export type SessionManager = ReturnType<typeof createSessionManager>;

export function createSessionManager(db: Db, options: { secureCookies: boolean; adminsRequireSecondFactor: boolean }) {
  const lucia = new Lucia(adapter(db, options.adminsRequireSecondFactor), {
    sessionExpiresIn: new TimeSpan(SESSION_IDLE_DAYS, 'd'),
    sessionCookie: { name: sessionCookieName(options.secureCookies), expires: true, attributes: { secure: options.secureCookies, sameSite: 'lax' } },
    getSessionAttributes: (a) => ({
      csrfToken: a.csrf_token,
      createdAt: a.created_at,
      handle: a.handle,
      lastUsedAt: a.last_used_at,
      staff: a.staff,
      pending: a.pending,
      authenticatedAt: a.authenticated_at,
    }),
    getUserAttributes: (a) => ({
      email: a.email,
      displayName: a.display_name,
      locale: a.locale,
      isAdmin: a.is_admin,
      emailVerified: a.email_verified,
      unread: a.unread,
      judge: a.judge,
      secondFactor: a.second_factor,
      secondFactorRequired: a.second_factor_required,
    }),
  });
  const info = (s: SessionInfo): SessionInfo => ({ id: s.id, csrfToken: s.csrfToken, createdAt: s.createdAt, handle: s.handle, authenticatedAt: s.authenticatedAt });
  const ended = async (sessionId: string) => {
    await lucia.invalidateSession(sessionId);
    return { user: null, session: null, cookie: lucia.createBlankSessionCookie().serialize() };
  };

  /**
   * Starts a fresh session (always a new id: no fixation) and returns its Set-Cookie value.
   * `pending`: the password was right and the second factor is still to come — the cookie is
   * set, but the session signs nobody in (validate answers `pending`) for PENDING_MINUTES.
   */
  async function create(userId: string, context: { device: string; pending?: boolean }): Promise<{ cookie: string; session: SessionInfo }> {
    const now = new Date();
    const attributes: Attributes = {
      csrf_token: randomBytes(24).toString('base64url'),
      created_at: now,
      handle: randomUUID(),
      device: context.device,
      last_used_at: now,
      staff: false,
      pending: context.pending === true,
      authenticated_at: now,
    };
    const session = await lucia.createSession(userId, attributes);
    return { cookie: lucia.createSessionCookie(session.id).serialize(), session: info(session) };
  }

  return {
    cookieName: lucia.sessionCookieName,
    create,
    /**
     * Validates a cookie's session id; `cookie` is set when the cookie must be refreshed or
     * cleared. Past the idle or absolute lifetime (shorter for staff) the session is ended here;
     * otherwise its last use is written when the stored one is older than LAST_USED_GRANULARITY_MS.
     */
    async validate(sessionId: string, now = new Date()): Promise<{ user: SessionUser | null; session: SessionInfo | null; pending?: PendingSession; cookie?: string }> {
      const { user, session } = await lucia.validateSession(sessionId);
      if (!user || !session) return { user: null, session: null, cookie: lucia.createBlankSessionCookie().serialize() };
      const age = now.getTime() - session.createdAt.getTime();
      if (session.pending) {
        if (age > PENDING_MINUTES * 60_000) return ended(session.id);
        return { user: null, session: null, pending: { ...info(session), userId: user.id, email: user.email, secondFactor: user.secondFactor } };
      }
      const idle = now.getTime() - session.lastUsedAt.getTime();
      if (age > SESSION_ABSOLUTE_DAYS * 86_400_000) return ended(session.id);
      if (session.staff && (age > STAFF_ABSOLUTE_HOURS * 3_600_000 || idle > STAFF_IDLE_MINUTES * 60_000)) return ended(session.id);
      if (idle > LAST_USED_GRANULARITY_MS) await db.update(sessions).set({ lastUsedAt: now }).where(eq(sessions.idHash, hash(session.id)));
      return {
        user: { ...user },
        session: info(session),
        ...(session.fresh ? { cookie: lucia.createSessionCookie(session.id).serialize() } : {}),
      };
    },
    invalidate: (sessionId: string) => lucia.invalidateSession(sessionId),
    /**
     * The second factor was right: the waiting session ends and a new one starts (a new id, so no
     * id seen before the second step signs anyone in), on the same device.
     */
    async complete(pendingSessionId: string, userId: string): Promise<{ cookie: string; session: SessionInfo }> {
      const [row] = await db.delete(sessions).where(and(eq(sessions.idHash, hash(pendingSessionId)), eq(sessions.pendingSecondFactor, true))).returning({ device: sessions.device });
      return create(userId, { device: row?.device ?? '' });
    },
    /** The person proved who they are again (re-authentication): sensitive actions are allowed for a while. */
    async markAuthenticated(sessionId: string, at = new Date()) {
      await db.update(sessions).set({ authenticatedAt: at }).where(eq(sessions.idHash, hash(sessionId)));
    },
    /** Keeps a passkey ceremony's challenge with the session, replacing any earlier one. */
    async setChallenge(sessionId: string, challenge: string, expiresAt: Date) {
      await db.update(sessions).set({ challenge, challengeExpiresAt: expiresAt }).where(eq(sessions.idHash, hash(sessionId)));
    },
    /** Takes the session's challenge away (so an answer is accepted once), returning it if it has not expired. */
    async takeChallenge(sessionId: string, now = new Date()): Promise<string | null> {
      const [row] = await rawRows<{ challenge: string | null; expires: string | null }>(
        db,
        sql`WITH old AS (SELECT ${sessions.challenge} AS challenge, ${sessions.challengeExpiresAt} AS expires FROM ${sessions} WHERE ${sessions.idHash} = ${hash(sessionId)} FOR UPDATE)
            UPDATE ${sessions} SET challenge = NULL, challenge_expires_at = NULL FROM old WHERE ${sessions.idHash} = ${hash(sessionId)} RETURNING old.challenge, old.expires::text AS expires`,
      );
      if (!row?.challenge || !row.expires || new Date(row.expires) <= now) return null;
      return row.challenge;
    },
    invalidateUser: (userId: string) => endAllSessions(db, userId),
    /** Ends every session of the user except `keepSessionId`; returns how many ended. */
    async invalidateOthers(userId: string, keepSessionId: string): Promise<number> {
      const gone = await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.idHash, hash(keepSessionId)))).returning({ handle: sessions.handle });
      return gone.length;
    },
    /** The account's sessions still in force, most recently used first (at most `limit`: "sign out all others" covers the rest). */
    list: (userId: string, limit = 50) =>
      db
        .select({ handle: sessions.handle, device: sessions.device, createdAt: sessions.createdAt, lastUsedAt: sessions.lastUsedAt })
        .from(sessions)
        .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date()), eq(sessions.pendingSecondFactor, false)))
        .orderBy(desc(sessions.lastUsedAt), desc(sessions.handle))
        .limit(limit),
    /** Whether the account acts for an organisation or the platform (its sessions time out sooner). */
    async isStaff(userId: string): Promise<boolean> {
      const [row] = await db.select({ staff: staffOf }).from(users).where(eq(users.id, userId)).limit(1);
      return row?.staff === true;
    },
    /** Ends one of the account's sessions by its public handle; false when it is not (or no longer) theirs. */
    async endByHandle(userId: string, handle: string): Promise<boolean> {
      const gone = await db.delete(sessions).where(and(eq(sessions.userId, userId), eq(sessions.handle, handle))).returning({ handle: sessions.handle });
      return gone.length > 0;
    },
    blankCookie: () => lucia.createBlankSessionCookie().serialize(),
    deleteExpired: () => lucia.deleteExpiredSessions(),
  };
}

/** A session that has the password and waits for the second factor: it signs nobody in. */
export type PendingSession = SessionInfo & { userId: string; email: string; secondFactor: boolean };

declare module 'lucia' {
  interface Register {
    Lucia: Lucia<{ csrfToken: string; createdAt: Date; handle: string; lastUsedAt: Date; staff: boolean; pending: boolean; authenticatedAt: Date }, Omit<SessionUser, 'id'>>;
    DatabaseSessionAttributes: Attributes;
    DatabaseUserAttributes: {
      email: string;
      display_name: string;
      locale: Locale;
      is_admin: boolean;
      email_verified: boolean;
      unread: number;
      judge: boolean;
      second_factor: boolean;
      second_factor_required: boolean;
    };
  }
}
