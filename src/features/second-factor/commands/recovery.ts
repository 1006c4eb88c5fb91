import { eq } from 'drizzle-orm';
import { generateRecoveryCodes, hashRecoveryCode } from '../../../auth/second-factor/index.js';
import type { Db } from '../../../db/client.js';
import { recoveryCodes } from '../../../db/schema/index.js';
import type { Deps } from '../../../lib/deps.js';

/**
 * A fresh set of single-use recovery codes for the person, replacing any earlier set; returns them
 * in clear, to be shown once. Only keyed hashes are stored (src/auth/second-factor/recovery-codes.ts).
 * Called with the transaction that adds a first factor, or on the person's own request.
 */
export async function issueRecoveryCodes(deps: Deps, db: Db, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  const key = deps.secret();
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code, { userId, key }) })));
  return codes;
}
