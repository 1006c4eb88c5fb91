import { z } from 'zod';
import { contentLanguageField, requiredText } from '../../lib/fields.js';
import { submissionKeyField } from '../../lib/idempotency.js';
import { COMMENT_SORTS } from './queries.js';

export const BODY_MAX = 5_000;

/** A comment's text and the language it is written in (absent: the author's interface language, or unchanged on edit). */
export const bodySchema = z.object({ body: requiredText(BODY_MAX), language: contentLanguageField });

/**
 * A new comment or reply. parentId is a hidden field: a malformed one is not a mistake a person
 * makes, and is refused by the route before this (400).
 */
export const postCommentSchema = bodySchema.extend({
  submissionKey: submissionKeyField,
});

/** The discussion's query string on the idea page; anything unknown is ignored (links get shared). */
export const listQuerySchema = z.object({
  csort: z.enum(COMMENT_SORTS).optional().catch(undefined),
  cafter: z.string().max(400).optional().catch(undefined),
});
