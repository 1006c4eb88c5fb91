/**
 * ASVS V2.1.1 and V2.1.2 (issue 14, point 8): docs/security/validation.md documents the rule for
 * every field of every form and query schema, and every check that compares fields with each
 * other. Its two tables are generated from the zod schemas themselves (src/features/\*\/schemas.ts)
 * and must be what this test generates: a schema changed without the document fails here, with
 * the table it should hold. `ASVS_WRITE_DOCS=1 npx vitest run tests/unit/asvs-validation.test.ts`
 * rewrites them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GUESSABLE_BELOW, PASSWORD_MAX, PASSWORD_MIN } from '../../src/auth/password.js';
import { translator } from '../../src/i18n/index.js';
import '../../src/registry.js'; // every feature's messages
import { ROOT } from '../../src/paths.js';

const DOC = 'docs/security/validation.md';
const FEATURES = path.join(ROOT, 'src/features');

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  items?: JsonSchema;
  maxLength?: number;
  minLength?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

/** A field's rule in words, from its JSON Schema (as the form sends it: the schema's input). */
function rule(s: JsonSchema): string {
  if (s.anyOf) return [...new Set(s.anyOf.map(rule))].join(' or ');
  if (s.enum) return `one of ${s.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  if (s.const !== undefined) return `\`${String(s.const)}\``;
  const range = (lo?: number, hi?: number) => (lo !== undefined && hi !== undefined ? ` ${lo}–${hi}` : hi !== undefined ? ` ≤ ${hi}` : lo !== undefined ? ` ≥ ${lo}` : '');
  switch (s.type) {
    case 'string':
      return `text${range(s.minLength && s.minLength > 1 ? s.minLength : undefined, s.maxLength)}${s.format ? ` (${s.format})` : ''}`;
    case 'integer':
      return `whole number${range(s.minimum, s.maximum)}`;
    case 'number':
      return `number${range(s.minimum, s.maximum)}`;
    case 'boolean':
      return 'yes or no';
    case 'array':
      return `list${s.maxItems !== undefined ? ` of at most ${s.maxItems}` : ''} of ${s.items ? rule(s.items) : 'values'}`;
    case 'null':
      return 'empty';
    default:
      return 'any (read by the code that uses it)';
  }
}

/** Each feature's schemas.ts with its exported `…Schema` objects, in file order. */
async function schemas(): Promise<{ feature: string; name: string; schema: z.ZodType }[]> {
  const out: { feature: string; name: string; schema: z.ZodType }[] = [];
  for (const feature of fs.readdirSync(FEATURES).sort()) {
    const file = path.join(FEATURES, feature, 'schemas.ts');
    if (!fs.existsSync(file)) continue;
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (name.endsWith('Schema') && value instanceof z.ZodType) out.push({ feature, name, schema: value });
  }
  return out;
}

/** The fields table: one row per field of each schema. */
async function fieldsTable(): Promise<string> {
  const rows = ['| Feature | Schema | Field | Required | Rule |', '|---|---|---|---|---|'];
  for (const { feature, name, schema } of await schemas()) {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const parts = json.allOf ?? [json];
    const properties = Object.assign({}, ...parts.map((p) => p.properties ?? {})) as Record<string, JsonSchema>;
    const required = new Set(parts.flatMap((p) => p.required ?? []));
    expect(Object.keys(properties).length, `${feature}/${name} has fields`).toBeGreaterThan(0);
    for (const [field, s] of Object.entries(properties)) rows.push(`| ${feature} | \`${name}\` | \`${field}\` | ${required.has(field) ? 'yes' : 'no'} | ${rule(s)} |`);
  }
  return rows.join('\n');
}

/** The checks across fields: each `path: ['field'], message: 'key'` (or `issue('field', 'key')`) in a schemas.ts. */
function crossFieldTable(): string {
  const t = translator('en');
  const rows = ['| Feature | Field refused | Message shown |', '|---|---|---|'];
  const seen = new Set<string>();
  for (const feature of fs.readdirSync(FEATURES).sort()) {
    const file = path.join(FEATURES, feature, 'schemas.ts');
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/path: \['(\w+)'\], message: '([\w.]+)'|issue\('(\w+)', '([\w.]+)'\)/g)) {
      const field = m[1] ?? m[3]!;
      const key = m[2] ?? m[4]!;
      if (seen.has(`${feature}/${field}/${key}`)) continue;
      seen.add(`${feature}/${field}/${key}`);
      rows.push(`| ${feature} | \`${field}\` | ${t(key as Parameters<typeof t>[0]).replace(/\|/g, '\\|')} |`);
    }
  }
  return rows.join('\n');
}

const between = (doc: string, name: string) => {
  const start = doc.indexOf(`<!-- ${name}:start -->\n`);
  const end = doc.indexOf(`\n<!-- ${name}:end -->`);
  if (start < 0 || end < 0) throw new Error(`${DOC} has no ${name} markers`);
  return { before: doc.slice(0, start + `<!-- ${name}:start -->\n`.length), inside: doc.slice(start + `<!-- ${name}:start -->\n`.length, end), after: doc.slice(end) };
};

describe('docs/security/validation.md (V2.1.1, V2.1.2)', () => {
  const read = () => fs.readFileSync(path.join(ROOT, DOC), 'utf8');

  it('documents the rule of every field of every form and query schema, as the schemas say', async () => {
    const expected = await fieldsTable();
    let doc = read();
    if (process.env['ASVS_WRITE_DOCS']) {
      const b = between(doc, 'fields');
      fs.writeFileSync(path.join(ROOT, DOC), (doc = b.before + expected + b.after));
    }
    expect(between(doc, 'fields').inside).toBe(expected);
    // The shared rules the table relies on are the code's.
    const fields = fs.readFileSync(path.join(ROOT, 'src/lib/fields.ts'), 'utf8');
    expect(fields).toContain('export const CONTROL_CHARS = /[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]/;');
    expect(fields).toMatch(/\.trim\(\)\s+\.max\(max, 'validation\.tooLong'\)/);
    expect(fs.readFileSync(path.join(ROOT, 'src/http/form.ts'), 'utf8')).toContain('const LIST_MAX = 100;');
    expect(doc).toContain('at most 100 values');
    expect(doc.replace(/\s+/g, ' ')).toContain(`is ${PASSWORD_MIN} to ${PASSWORD_MAX} characters, and must not be guessable in under a million guesses`);
    expect(GUESSABLE_BELOW).toBe(1e6);
  });

  it('documents every check that compares fields with each other, with the message people see', () => {
    const expected = crossFieldTable();
    let doc = read();
    if (process.env['ASVS_WRITE_DOCS']) {
      const b = between(doc, 'cross-field');
      fs.writeFileSync(path.join(ROOT, DOC), (doc = b.before + expected + b.after));
    }
    expect(expected.split('\n').length).toBeGreaterThan(15);
    expect(between(doc, 'cross-field').inside).toBe(expected);
  });
});
