import { createHmac } from 'node:crypto';
import type { Db } from '../db/client.js';
import { securityEvents } from '../db/schema/index.js';
import type { Logger } from './logger.js';

/** How long the security event log is kept (the append-only trigger of migration 0021 allows deleting nothing younger). */
export const SECURITY_LOG_DAYS = 365;

/**
 * What the security event log records (docs/security/logging.md lists each with where it is
 * written). A new kind is added here, to the inventory, and to the test that checks each is
 * written by its action.
 */
export const SECURITY_EVENT_KINDS = [
  'sign_in',
  'sign_out',
  'password.change',
  'password.reset',
  'session.end',
  'session.end_others',
  'sessions.end_all',
  'csrf.rejected',
  'rate_limit.hit',
  'access.refused',
  'admin.action',
  'account.suspend',
  'reauth',
  'second_factor.add',
  'second_factor.remove',
  'recovery_codes.new',
  'second_factor.reset',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/** Codes and ids only: a route pattern, a limit's name, a count, a reason key — never text people typed, a token or a password. */
export type SecurityDetail = Record<string, string | number | boolean>;

export type SecurityEvent = {
  kind: SecurityEventKind;
  outcome: 'success' | 'failure';
  /** Whose account: the person acting, or the account acted on (an admin's action names the admin here and the account in `detail.account`). */
  userId?: string | null;
  /** The client's address as the request saw it: stored only as a keyed hash. */
  address?: string | null;
  requestId?: string | null;
  detail?: SecurityDetail;
};

/** Where a request comes from, as the security log records it (the address is hashed there). */
export type RequestOrigin = { address: string; requestId: string };

export type SecurityLog = {
  /**
   * Writes one event to the append-only table and one `security` line to the log. Given a
   * transaction, the event commits with the change it records. Never throws for the request's
   * sake: a failure to record is logged as an error, and the action goes on.
   */
  record(event: SecurityEvent, db?: Db): Promise<void>;
  /** The keyed hash stored for an address (tests and an investigator with the secret match an address to rows this way). */
  addressHash(address: string): string;
};

export function createSecurityLog(db: Db, secret: () => string, logger: Logger): SecurityLog {
  const addressHash = (address: string) => createHmac('sha256', secret()).update(`address:${address}`).digest('base64url');
  return {
    addressHash,
    async record(event, via = db) {
      const row = {
        kind: event.kind,
        outcome: event.outcome,
        userId: event.userId ?? null,
        addressHash: event.address ? addressHash(event.address) : null,
        requestId: event.requestId ?? null,
        detail: event.detail ?? {},
      };
      logger.info('security', { kind: row.kind, outcome: row.outcome, userId: row.userId, addressHash: row.addressHash, requestId: row.requestId, ...row.detail });
      try {
        await via.insert(securityEvents).values(row);
      } catch (err) {
        if (via !== db) throw err; // inside a transaction: the change and its record go together or not at all
        logger.error('security event not recorded', { kind: row.kind, requestId: row.requestId, error: err instanceof Error ? err.message : String(err) });
      }
    },
  };
}
