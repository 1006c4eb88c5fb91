import type { Child } from 'hono/jsx';
import type { MessageKey, T } from '../../src/i18n/index.js';

export type FormErrors = Record<string, MessageKey>;
export type FormValues = Record<string, string>;

/** The error summary at the top of a form: each message links to its field. */
export function ErrorSummary({ t, errors }: { t: T; errors: FormErrors | undefined }) {
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('form.errorSummary.title')}</h2>
      <ul>
        {entries.map(([field, key]) => (
          <li>
            <a href={`#${field}`}>{t(key)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

type FieldProps = {
  t: T;
  name: string;
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
};

/** A labelled input with hint and error, wired with aria-describedby / aria-invalid. */
export function Field(p: FieldProps) {
  const hintId = p.hint ? `${p.name}-hint` : undefined;
  const errorId = p.error ? `${p.name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const common = {
    id: p.name,
    name: p.name,
    required: p.required,
    autocomplete: p.autocomplete,
    maxlength: p.maxLength,
    'aria-describedby': describedBy,
    'aria-invalid': p.error ? 'true' : undefined,
  };
  return (
    <div class={`field${p.error ? ' field-error' : ''}`}>
      <label for={p.name}>
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
