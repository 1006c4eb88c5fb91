import { z } from 'zod';
import { CONTENT_LANGUAGES } from '../db/schema/columns.js';

/** Control characters other than tab and line breaks; PostgreSQL refuses NUL in text outright. */
export const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Trimmed free text of at most `max` characters, without control characters. */
export const text = (max: number) =>
  z
    .string('validation.required')
    .trim()
    .max(max, 'validation.tooLong')
    .refine((v) => !CONTROL_CHARS.test(v), 'validation.characters');

export const requiredText = (max: number) => text(max).min(1, 'validation.required');

export const emailField = z
  .string('validation.required')
  .trim()
  .toLowerCase()
  .min(1, 'validation.required')
  .max(254, 'validation.tooLong')
  .pipe(z.email('validation.email'));

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID_PATTERN.test(s);

/**
 * The language a person writes an idea or a comment in: a select in its form. Absent (a form
 * without the select), the route uses the person's interface language; anything else is refused.
 */
export const contentLanguageField = z.enum(CONTENT_LANGUAGES, 'validation.choice').optional();
