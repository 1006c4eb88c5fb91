/**
 * docs/security/authorization.md (OWASP ASVS V8.1.1, V8.1.2) stays true to the code: every
 * exported `can…` rule of every feature's policy.ts is in its table, under its feature, and no
 * rule the code does not have; the field-level lists are read back from the schemas and the policy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editOrganisationIdentitySchema, editOrganisationSchema, updateMembershipSchema } from '../../src/features/organisations/schemas.js';
import { PERSON_SECTIONS, isPrivateSection } from '../../src/features/people/policy.js';
import { ROOT } from '../../src/paths.js';
import { markdownTable } from '../support/docs.js';

const doc = fs.readFileSync(path.join(ROOT, 'docs/security/authorization.md'), 'utf8');
const flat = doc.replace(/\s+/g, ' ');


/** Every exported can… function of src/features/<feature>/policy.ts, as "feature canX". */
function rulesInCode(): string[] {
  const features = path.join(ROOT, 'src/features');
  return fs
    .readdirSync(features)
    .filter((f) => fs.existsSync(path.join(features, f, 'policy.ts')))
    .flatMap((f) => [...fs.readFileSync(path.join(features, f, 'policy.ts'), 'utf8').matchAll(/^export (?:async )?function (can\w+)\(/gm)].map((m) => `${f} ${m[1]}`))
    .sort();
}

describe('docs/security/authorization.md (V8.1.1, V8.1.2)', () => {
  it('names every can… rule of every policy.ts under its feature, says who may, and names no other', () => {
    const code = rulesInCode();
    expect(code.length).toBeGreaterThan(40);
    const rows = markdownTable(doc, 'Rule');
    const documented = rows.map(([rule = '', feature = '']) => `${feature} ${rule.replace(/`/g, '')}`).sort();
    expect(documented.filter((r, i) => documented.indexOf(r) !== i)).toEqual([]); // none twice
    expect(code.filter((r) => !documented.includes(r))).toEqual([]); // a new rule: add it to the table
    expect(documented.filter((r) => !code.includes(r))).toEqual([]); // a rule gone or moved: update the table
    expect(rows.filter(([, , who = '']) => who === '' || who === '—').map(([rule]) => rule)).toEqual([]);
  });

  it('lists the organisation fields an owner may change and those only an admin may, as the schemas do', () => {
    const owner = Object.keys(editOrganisationSchema.shape);
    const adminOnly = Object.keys(editOrganisationIdentitySchema.shape).filter((k) => !owner.includes(k));
    const sentence = (who: string) => new RegExp(`${who}[^.]*?((?:\`\\w+\`(?:, | and )?)+)`).exec(flat)?.[1]?.match(/`(\w+)`/g)?.map((f) => f.replace(/`/g, ''));
    expect(sentence('Owners \\(and admins\\) change its')?.sort()).toEqual([...owner].sort());
    expect(sentence('Only an admin changes its')?.sort()).toEqual([...adminOnly].sort());
    expect(adminOnly.sort()).toEqual(['kind', 'slug', 'verified']);
    const membership = Object.keys(updateMembershipSchema.shape);
    expect(sentence('Owners and admins change')?.sort()).toEqual([...membership].sort());
  });

  it('names which sections of a person’s page are public and which are theirs alone, as the policy does', () => {
    const line = /\*\*A person's page\.\*\*(.*?)(?=- \*\*|$)/.exec(flat)?.[1] ?? '';
    const [publicPart = '', privatePart = ''] = line.split(' are public;');
    for (const s of PERSON_SECTIONS) {
      expect(isPrivateSection(s) ? privatePart : publicPart, s).toContain(`\`${s}\``);
      expect(isPrivateSection(s) ? publicPart : privatePart, s).not.toContain(`\`${s}\``);
    }
    expect(privatePart).toContain('are private to them');
  });
});
