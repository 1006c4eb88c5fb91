import type { z } from 'zod';
import { isMessageKey, type MessageKey } from '../i18n/index.js';
import type { AppContext } from './context.js';
import { BadRequestError, InvalidInputError } from './errors.js';

export type FormErrors = Record<string, MessageKey>;
export type FormValues = Record<string, string>;

/** The string fields of the submitted form (what a re-rendered form shows back). Repeated or file fields are dropped. */
export async function formValues(c: AppContext): Promise<FormValues> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new BadRequestError(); // a malformed body is the client's problem, not a 500
  }
  const values: FormValues = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') values[k] = v;
  return values;
}

/** zod issues → field name → message key (schemas use message keys as their messages). */
export function fieldErrors(error: z.ZodError): FormErrors {
  const errors: FormErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (errors[field]) continue;
    errors[field] = isMessageKey(issue.message) ? issue.message : 'validation.required';
  }
  return errors;
}

export type FormResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FormErrors; values: FormValues };

/** Validates the submitted form against a schema. */
export async function parseForm<S extends z.ZodType>(c: AppContext, schema: S): Promise<FormResult<z.infer<S>>> {
  const values = await formValues(c);
  const parsed = await schema.safeParseAsync(values);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  return { ok: false, errors: fieldErrors(parsed.error), values };
}

/** Runs a command; an InvalidInputError becomes form errors (for a 422 re-render) instead of propagating. */
export async function tryCommand<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; errors: FormErrors }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof InvalidInputError) {
      const errors: FormErrors = {};
      for (const [k, v] of Object.entries(err.fields)) errors[k] = isMessageKey(v) ? v : 'validation.required';
      return { ok: false, errors };
    }
    throw err;
  }
}
