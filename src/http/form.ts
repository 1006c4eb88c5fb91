import type { z } from 'zod';
import { isMessageKey, type MessageKey } from '../i18n/index.js';
import { BadRequestError, InvalidInputError } from '../lib/errors.js';
import { newSubmissionKey } from '../lib/idempotency.js';
import type { AppContext } from './context.js';
import { HONEYPOT_FIELD } from '../../views/components/Honeypot.js';

export type FormErrors = Record<string, MessageKey>;
export type FormValues = Record<string, string>;

/** A submitted form as a re-rendered form shows it back: its fields, and its repeated fields (checkbox groups) as lists. */
export type SubmittedForm = { values: FormValues; lists: Record<string, string[]> };
/** A form refused with the reason for each field (the form is shown again, with an error summary). */
export type RejectedForm = SubmittedForm & { errors: FormErrors };

/** The most items a repeated field may carry (a checkbox group has a dozen). */
const LIST_MAX = 100;

/**
 * The one way to read a submitted form. `lists` names the fields that repeat (checkbox groups);
 * every other field is a single string (the last one, if a client repeats it). File fields and
 * the CSRF token are left out. A malformed body is the client's problem: 400, not a 500.
 */
export async function readForm(c: AppContext, lists: readonly string[] = []): Promise<SubmittedForm> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    throw new BadRequestError();
  }
  const values: FormValues = {};
  const listed: Record<string, string[]> = {};
  for (const name of lists) listed[name] = [];
  // The honeypot (views/components/Honeypot.tsx) filled in: a bot. Refused before anything reads the form.
  const trap = body[HONEYPOT_FIELD];
  if (typeof trap === 'string' ? trap !== '' : trap !== undefined) throw new BadRequestError('error.honeypot');
  for (const [name, raw] of Object.entries(body)) {
    if (name === '_csrf' || name === HONEYPOT_FIELD) continue;
    const all = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    if (lists.includes(name)) listed[name] = all.slice(0, LIST_MAX);
    else if (all.length > 0) values[name] = all.at(-1)!;
  }
  return { values, lists: listed };
}

/** zod issues → field name → message key (schemas use message keys as their messages). */
function fieldErrors(error: z.ZodError): FormErrors {
  const errors: FormErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (errors[field]) continue;
    errors[field] = isMessageKey(issue.message) ? issue.message : 'validation.required';
  }
  return errors;
}

/**
 * The form as it is shown again: what the person typed, and a fresh submission key when theirs
 * was missing or damaged (so the form can be sent; see src/lib/idempotency.ts).
 */
export function rejectedForm(form: SubmittedForm, errors: FormErrors): RejectedForm {
  return { ...form, values: errors['submissionKey'] ? { ...form.values, submissionKey: newSubmissionKey() } : form.values, errors };
}

export type Validated<T> = { ok: true; data: T } | { ok: false; errors: FormErrors };

/** Validates a submitted form (its fields and lists together) against a schema. */
export async function validate<S extends z.ZodType>(schema: S, form: SubmittedForm): Promise<Validated<z.output<S>>> {
  const parsed = await schema.safeParseAsync({ ...form.values, ...form.lists });
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: fieldErrors(parsed.error) };
}

/** Runs a command; its InvalidInputError becomes form errors (for the form shown again) instead of propagating. */
/** A command's field errors as a form shows them (a key that is not a message falls back to "required"). */
export function formErrorsOf(err: InvalidInputError): FormErrors {
  const errors: FormErrors = {};
  for (const [k, v] of Object.entries(err.fields)) errors[k] = isMessageKey(v) ? v : 'validation.required';
  return errors;
}

async function tryCommand<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; errors: FormErrors }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof InvalidInputError) return { ok: false, errors: formErrorsOf(err) };
    throw err;
  }
}

export type FormSpec<S extends z.ZodType, R> = {
  schema: S;
  /** Fields that repeat (checkbox groups), validated as lists. */
  lists?: readonly string[];
  /** The use case, with the validated input. */
  command: (data: z.output<S>, form: SubmittedForm) => Promise<R>;
  /** The form again, with what the person typed and an error summary linked to each field: answer 422. */
  rejected: (form: RejectedForm) => Response | Promise<Response>;
  /** The answer once the command has done its work (usually respond(): a 303 with a flash, or a fragment for htmx). */
  done: (result: R, form: SubmittedForm) => Response | Promise<Response>;
};

/**
 * The form pipeline every create-or-change form goes through: read → validate → command →
 * done; input refused by the schema or by the command (InvalidInputError) re-renders the form
 * (rejected). Who may act is checked before (the route's guard or its first lines), so nobody
 * learns anything from a 422 they were not allowed to cause; the command checks it again.
 */
export async function submitForm<S extends z.ZodType, R>(c: AppContext, spec: FormSpec<S, R>): Promise<Response> {
  const form = await readForm(c, spec.lists);
  const input = await validate(spec.schema, form);
  if (!input.ok) return spec.rejected(rejectedForm(form, input.errors));
  const result = await tryCommand(() => spec.command(input.data, form));
  if (!result.ok) return spec.rejected(rejectedForm(form, result.errors));
  return spec.done(result.value, form);
}
