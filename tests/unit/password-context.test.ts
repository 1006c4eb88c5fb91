/** ASVS V6.1.2 and V6.2.11: the documented context-specific words make a password guessable. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTEXT_WORDS, passwordProblem } from '../../src/auth/password.js';
import { ROOT } from '../../src/paths.js';

describe('context-specific words in passwords', () => {
  it('refuses passwords built on the platform’s own words, and keeps accepting strong ones', async () => {
    for (const p of ['commonwise2026', 'Commonwise!', 'Consultation!', 'citoyen2026', 'moderateur99'])
      expect(await passwordProblem(p), p).toBe('validation.password.common');
    for (const p of ['correct horse battery staple', 'river-lantern-quartz-7341', 'a long unguessable phrase']) expect(await passwordProblem(p), p).toBeNull();
  });

  it('docs/security/authentication.md lists every word the check uses', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs/security/authentication.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Context-specific words'));
    expect(section.length).toBeGreaterThan(30);
    for (const w of CONTEXT_WORDS) expect(section, w).toContain(`\`${w}\``);
  });
});
