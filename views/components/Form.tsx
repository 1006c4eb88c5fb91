import { isValidElement, type Child } from 'hono/jsx';
import type { MessageKey, T } from '../../src/i18n/index.js';

export type FormErrors = Record<string, MessageKey>;
export type FormValues = Record<string, string>;

/** A field's visible label, by the id the error summary links to. */
export type FieldLabels = Record<string, string>;

/** The text of a node's own strings (a label's words, without the "(optional)" span inside it). */
function ownText(children: unknown): string {
  const list = Array.isArray(children) ? children : [children];
  return list
    .map((c) => (typeof c === 'string' ? c : typeof c === 'number' ? String(c) : Array.isArray(c) ? ownText(c) : ''))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The labels of a form's fields, read from the form as it is written (no rendering): every
 * component given a `name` (or `id`) and a `label` (Field, and the like), every `<label for>`,
 * and every `<fieldset id>` by its legend. The error summary names each field with them.
 */
export function fieldLabels(node: unknown, into: FieldLabels = {}): FieldLabels {
  if (Array.isArray(node)) {
    for (const n of node) fieldLabels(n, into);
    return into;
  }
  if (!isValidElement(node)) return into;
  const props = node.props as Record<string, unknown>;
  const key = typeof props['name'] === 'string' ? props['name'] : typeof props['id'] === 'string' ? props['id'] : undefined;
  if (key && typeof props['label'] === 'string' && !(key in into)) into[key] = props['label'];
  if (node.tag === 'label' && typeof props['for'] === 'string' && !(props['for'] in into)) {
    const text = ownText(props['children']);
    if (text) into[props['for']] = text;
  }
  if (node.tag === 'fieldset' && typeof props['id'] === 'string') {
    const kids = Array.isArray(props['children']) ? props['children'] : [props['children']];
    const legend = kids.find((k) => isValidElement(k) && k.tag === 'legend');
    const text = legend && isValidElement(legend) ? ownText(legend.props['children']) : '';
    if (text && !(props['id'] in into)) into[props['id']] = text;
  }
  fieldLabels(props['children'], into);
  return into;
}

/**
 * The error summary at the top of a form: each message names its field ("Title: Enter a value")
 * and links to it. It takes the focus (autofocus): on a page the browser gives it, after an htmx
 * swap htmx does, so the person hears what went wrong wherever they were.
 */
export function ErrorSummary({ t, errors, labels = {} }: { t: T; errors: FormErrors | undefined; labels?: FieldLabels }) {
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} autofocus aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('form.errorSummary.title')}</h2>
      <ul>
        {entries.map(([field, key]) => (
          <li>
            <a href={`#${field}`}>{labels[field] ? t('form.errorSummary.item', { field: labels[field], message: t(key) }) : t(key)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

type FieldProps = {
  t: T;
  name: string;
  /** The element's id, when it must differ from its name (two forms on one page with the same field): the name by default. */
  id?: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'textarea' | 'number' | 'datetime-local';
  value?: string | undefined;
  error?: MessageKey | undefined;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  maxLength?: number;
  rows?: number;
  min?: number;
  max?: number;
  /** data-* attributes for the input (a script's hook). */
  data?: Record<`data-${string}`, string>;
};

/** A labelled input with hint and error, wired with aria-describedby / aria-invalid. */
export function Field(p: FieldProps) {
  const id = p.id ?? p.name;
  const hintId = p.hint ? `${id}-hint` : undefined;
  const errorId = p.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: p.name,
    required: p.required,
    autocomplete: p.autocomplete,
    maxlength: p.maxLength,
    'aria-describedby': describedBy,
    'aria-invalid': p.error ? 'true' : undefined,
    ...p.data,
  };
  return (
    <div class={`field${p.error ? ' field-error' : ''}`}>
      <label for={id}>
        {p.label}
        {p.required === false && <span class="optional"> {p.t('form.optional')}</span>}
      </label>
      {p.hint && (
        <p class="hint" id={hintId}>
          {p.hint}
        </p>
      )}
      {p.error && (
        <p class="error-message" id={errorId}>
          {p.t(p.error)}
        </p>
      )}
      {p.type === 'textarea' ? (
        <textarea {...common} rows={p.rows ?? 5}>
          {p.value ?? ''}
        </textarea>
      ) : (
        <input {...common} type={p.type ?? 'text'} min={p.min} max={p.max} value={p.type === 'password' ? undefined : (p.value ?? '')} />
      )}
    </div>
  );
}

export function SubmitButton({ children }: { children: Child }) {
  return (
    <button type="submit" class="button">
      {children}
    </button>
  );
}
