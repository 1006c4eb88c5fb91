import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt, ne, sql } from 'drizzle-orm';
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from 'lucia';
import type { Db } from '../db/client.js';
import { judges, notifications, sessions, users } from '../db/schema/index.js';
import type { Locale } from '../i18n/index.js';

/** Sessions end after this long without use (lucia extends them while in use)… */
export const SESSION_IDLE_DAYS = 7;
/** …and in any case this long after sign-in. */
export const SESSION_ABSOLUTE_DAYS = 30;
export const SESSION_COOKIE = 'cw_session';

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
};

/** The bell counts unread notifications up to this many (a bounded count on every signed-in request). */
export const UNREAD_MAX = 100;

export type SessionInfo = { id: string; csrfToken: string; createdAt: Date };

/** Whether an account is suspended now: suspended, and either indefinitely or until a moment still to come (no session, no sign-in). */
export const isSuspended = (u: { suspendedAt: Date | null; suspendedUntil: Date | null }, now: Date): boolean =>
  u.suspendedAt !== null && (u.suspendedUntil === null || u.suspendedUntil > now);

const hash = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

/**
 * A lucia adapter that stores only the SHA-256 of each session id, and loads only the user
 * columns a request needs. A suspended account has no valid session.
 */
function adapter(db: Db): Adapter {
  const toSession = (row: typeof sessions.$inferSelect, id: string): DatabaseSession => ({
    id,
    userId: row.userId,
    expiresAt: row.expiresAt,
    attributes: { csrf_token: row.csrfToken, created_at: row.createdAt },
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
        judge: sql<boolean>`EXISTS (SELECT 1 FROM ${judges} WHERE ${judges.userId} = ${users.id} AND ${judges.removedAt} IS NULL)`,
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
        },
      };
      return [toSession(row.session, sessionId), user];
    },
    async getUserSessions() {
      // Ids are stored hashed, so sessions cannot be listed with their ids; lucia does not need this.
      return [];
    },
    async setSession(session) {
      const attrs = session.attributes as { csrf_token: string; created_at: Date };
      await db.insert(sessions).values({
        idHash: hash(session.id),
        userId: session.userId,
        expiresAt: session.expiresAt,
        csrfToken: attrs.csrf_token,
        createdAt: attrs.created_at,
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

export type SessionManager = ReturnType<typeof createSessionManager>;

export function createSessionManager(db: Db, options: { secureCookies: boolean }) {
  const lucia = new Lucia(adapter(db), {
    sessionExpiresIn: new TimeSpan(SESSION_IDLE_DAYS, 'd'),
    sessionCookie: { name: SESSION_COOKIE, expires: true, attributes: { secure: options.secureCookies, sameSite: 'lax' } },
    getSessionAttributes: (a) => ({ csrfToken: a.csrf_token, createdAt: a.created_at }),
    getUserAttributes: (a) => ({
      email: a.email,
      displayName: a.display_name,
      locale: a.locale,
      isAdmin: a.is_admin,
      emailVerified: a.email_verified,
      unread: a.unread,
      judge: a.judge,
    }),
  });

  return {
    cookieName: lucia.sessionCookieName,
    /** Starts a fresh session (always a new id: no fixation) and returns its Set-Cookie value. */
    async create(userId: string): Promise<{ cookie: string; session: SessionInfo }> {
      const session = await lucia.createSession(userId, { csrf_token: randomBytes(24).toString('base64url'), created_at: new Date() });
      return { cookie: lucia.createSessionCookie(session.id).serialize(), session: { id: session.id, csrfToken: session.csrfToken, createdAt: session.createdAt } };
    },
    /** Validates a cookie's session id; `cookie` is set when the cookie must be refreshed or cleared. */
    async validate(sessionId: string): Promise<{ user: SessionUser | null; session: SessionInfo | null; cookie?: string }> {
      const { user, session } = await lucia.validateSession(sessionId);
      if (!user || !session) return { user: null, session: null, cookie: lucia.createBlankSessionCookie().serialize() };
      if (Date.now() - session.createdAt.getTime() > SESSION_ABSOLUTE_DAYS * 86_400_000) {
        await lucia.invalidateSession(session.id);
        return { user: null, session: null, cookie: lucia.createBlankSessionCookie().serialize() };
      }
      return {
        user: { ...user },
        session: { id: session.id, csrfToken: session.csrfToken, createdAt: session.createdAt },
        ...(session.fresh ? { cookie: lucia.createSessionCookie(session.id).serialize() } : {}),
      };
    },
    invalidate: (sessionId: string) => lucia.invalidateSession(sessionId),
    invalidateUser: (userId: string) => lucia.invalidateUserSessions(userId),
    /** Ends every session of the user except `keepSessionId`. */
    async invalidateOthers(userId: string, keepSessionId: string) {
      await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.idHash, hash(keepSessionId))));
    },
    blankCookie: () => lucia.createBlankSessionCookie().serialize(),
    deleteExpired: () => lucia.deleteExpiredSessions(),
  };
}

declare module 'lucia' {
  interface Register {
    Lucia: Lucia<{ csrfToken: string; createdAt: Date }, Omit<SessionUser, 'id'>>;
    DatabaseSessionAttributes: { csrf_token: string; created_at: Date };
    DatabaseUserAttributes: { email: string; display_name: string; locale: Locale; is_admin: boolean; email_verified: boolean; unread: number; judge: boolean };
  }
}
