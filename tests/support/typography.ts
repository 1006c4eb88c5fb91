/**
 * The typography rules the tests hold French and English text to (tests/unit/typography.test.ts
 * over every message, tests/integration/statements.test.ts over the long-form pages).
 */

export const NNBSP = '\u202f'; // narrow no-break space (espace fine insécable)

/** What is not prose: {placeholders}, web addresses, and a colon between digits (14:30, 4,5:1). */
export function prose(text: string): string {
  return text
    .replace(/\{\w+\}/g, 'X')
    .replace(/\b(?:https?|mailto):\/*[^\s)]*/g, 'URL')
    .replace(/(\d):(?=\d)/g, '$1');
}

/** The places where French text breaks the rule: each `:`, `;`, `?`, `!` needs a narrow no-break space (and only that) before it; `«` and `»` one inside. */
export function frenchProblems(text: string): string[] {
  const p = prose(text);
  const problems: string[] = [];
  for (const m of p.matchAll(/[:;?!]/g)) {
    const i = m.index;
    const before = p[i - 1];
    // "?!" or "!!": one space before the first mark only.
    if (before !== undefined && /[?!]/.test(before) && p[i - 2] === NNBSP) continue;
    if (before !== NNBSP) problems.push(`"${m[0]}" without a narrow no-break space before it: …${p.slice(Math.max(0, i - 20), i + 1)}`);
    else if (/\s/.test(p[i - 2] ?? '')) problems.push(`two spaces before "${m[0]}": …${p.slice(Math.max(0, i - 20), i + 1)}`);
  }
  for (const m of p.matchAll(/«(?!\u202f)|(?<!\u202f)»/g)) problems.push(`guillemet without a narrow no-break space inside: …${p.slice(Math.max(0, m.index - 15), m.index + 15)}`);
  for (const m of p.matchAll(/\u202f(?![:;?!»\d])/g)) {
    // A narrow no-break space is also the French thousands separator (10 000) and follows «.
    if (p[m.index - 1] !== '«') problems.push(`stray narrow no-break space: …${p.slice(Math.max(0, m.index - 15), m.index + 15)}`);
  }
  return problems;
}

/** English puts no space of any kind before these marks, and uses no guillemets. */
export function englishProblems(text: string): string[] {
  const p = prose(text);
  const problems: string[] = [];
  for (const m of p.matchAll(/[\s\u00a0\u202f]+[:;?!]/g)) problems.push(`space before "${m[0].trim()}": …${p.slice(Math.max(0, m.index - 20), m.index + m[0].length)}`);
  if (/[«»]/.test(p)) problems.push(`guillemets in English: ${p}`);
  return problems;
}

/**
 * One term for an e-mail address. French: « adresse électronique » (the term of the French
 * administration's terminology list); « courriel » is the message itself (« par courriel »),
 * never the address; « e-mail », « mail », « mél » are not used. English: "email address"; never
 * "e-mail" or "electronic address".
 */
export function frenchTermProblems(text: string): string[] {
  const p = prose(text);
  const problems: string[] = [];
  if (/adresses?\s+(?:de\s+)?(?:courriel|e-?mail|mail|mél|messagerie)/i.test(p)) problems.push(`an e-mail address is « adresse électronique »: ${p}`);
  if (/\b(?:e-?mails?|mails?|mél)\b/i.test(p)) problems.push(`« e-mail », « mail » or « mél »: ${p}`);
  if (/^courriels?$/i.test(p.trim())) problems.push(`« courriel » alone names a message, not an address: ${p}`);
  return problems;
}

export function englishTermProblems(text: string): string[] {
  const p = prose(text);
  const problems: string[] = [];
  if (/\be-mail/i.test(p)) problems.push(`"e-mail" (write "email"): ${p}`);
  if (/electronic (?:mail )?address|(?<!e)mail address|email-address/i.test(p)) problems.push(`an e-mail address is an "email address": ${p}`);
  if (/^email$/i.test(p.trim())) problems.push(`"Email" alone (write "Email address"): ${p}`);
  return problems;
}
