import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { submissionKeys } from '../db/schema/index.js';
import { ConflictError } from './errors.js';

/**
 * Repeated submissions (a double click, a reload after a slow answer, a resent form) make one
 * thing, never two. Every form that creates something carries a random submission key, made
 * when the form is rendered; the command claims it in the same transaction as the row it creates
 * and records that row's id with it. A repeat finds the key taken and gets the first row's id
 * back: it changes nothing and is answered like the first submission (the same redirect), with a
 * note that it had already been received. A key is the person's own: someone else's key is a 409.
 */

/** The one format of a submission key: base64url, 24 characters as made here (16–64 accepted). */
const SUBMISSION_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/** A fresh key for one rendering of a form. */
export const newSubmissionKey = () => randomBytes(18).toString('base64url');

/** The hidden field of every form that creates something; missing or damaged, the form is shown again with a fresh key. */
export const submissionKeyField = z.string('form.expired').regex(SUBMISSION_KEY, 'form.expired');

export type Claim = { first: true } | { first: false; resultId: string };

/**
 * Claims `key` for what this submission will create (`resultId`, e.g. the new idea's id), inside
 * the command's transaction. `{ first: true }`: go on and create it. `{ first: false }`: a repeat
 * — create nothing, answer with `resultId`. A concurrent twin waits for the first transaction and
 * then sees its key. Throws ConflictError for a key another person (or another kind of form) used.
 */
export async function claimSubmission(tx: Db, claim: { scope: string; key: string; userId: string; resultId: string }): Promise<Claim> {
  const key = `${claim.scope}:${claim.key}`;
  const [stored] = await tx
    .insert(submissionKeys)
    .values({ key, userId: claim.userId, resultId: claim.resultId })
    .onConflictDoNothing()
    .returning({ key: submissionKeys.key });
  if (stored) return { first: true };
  const [existing] = await tx.select({ userId: submissionKeys.userId, resultId: submissionKeys.resultId }).from(submissionKeys).where(eq(submissionKeys.key, key)).limit(1);
  if (!existing || existing.userId !== claim.userId || existing.resultId === null) throw new ConflictError('form.repeatedKey');
  return { first: false, resultId: existing.resultId };
}
