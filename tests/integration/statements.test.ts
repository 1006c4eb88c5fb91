import { describe, expect, it } from 'vitest';
import { loadConfig, operatorWarnings } from '../../src/config.js';
import { Client, createTestEnvOn, type TestEnv } from '../support/app.js';
import { englishProblems, englishTermProblems, frenchProblems, frenchTermProblems } from '../support/typography.js';
import { useTestEnv } from '../support/world.js';

/**
 * The privacy notice and the accessibility statement (issue 10 point 26): real content, with the
 * operator's details from the configuration; until they are configured, the pages say so plainly
 * and the start-up log warns.
 */

const { env } = useTestEnv(); // the default test settings: no operator configured

const OPERATOR = {
  OPERATOR_NAME: 'Riverside Borough Council',
  OPERATOR_CONTACT_EMAIL: 'privacy@riverside.example',
  OPERATOR_ADDRESS: 'Town Hall, 1 High Street, Riverside RV1 1AA',
  ACCESSIBILITY_CONTACT_EMAIL: 'access@riverside.example',
  ACCESSIBILITY_ENFORCEMENT_URL: 'https://enforcement.example/complain',
};

let configured: TestEnv | undefined;
/** A second app on the same database, with the operator configured. */
const configuredApp = () => (configured ??= createTestEnvOn(env, { env: { ...OPERATOR, RETENTION_DAYS: '45' } })).app;

async function page(app: TestEnv['app'], path: string, lang: 'en' | 'fr'): Promise<string> {
  const res = await new Client(app, { 'Accept-Language': lang }).get(path);
  expect(res.status).toBe(200);
  return res.text();
}

/** The text of <main> as it reads: inline tags dropped, block tags as a space, entities decoded where they matter here. */
function mainText(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return main
    .replace(/<\/?(?:a|strong|em|code|span|time)\b[^>]*>/g, '') // inline: no break in the text
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/[ \t\r\n]+/g, ' ');
}

describe('the privacy notice', () => {
  it('names the data controller, its address and contact when they are configured, in both languages', async () => {
    const en = await page(configuredApp(), '/privacy', 'en');
    expect(en).toContain('<strong>Riverside Borough Council</strong>, the data controller');
    expect(en).toContain('Town Hall, 1 High Street, Riverside RV1 1AA');
    expect(en).toContain('<a href="mailto:privacy@riverside.example">privacy@riverside.example</a>');
    expect(en).not.toContain('Not configured');
    const fr = await page(configuredApp(), '/privacy', 'fr');
    expect(fr).toContain('<strong>Riverside Borough Council</strong>, responsable du traitement');
    expect(fr).toContain('<a href="mailto:privacy@riverside.example">');
    expect(fr).not.toContain('Non configuré');
  });

  it('says plainly that the operator is not configured, naming the settings, when they are not', async () => {
    const en = await page(env.app, '/privacy', 'en');
    expect(mainText(en)).toContain('Not configured: this site’s operator has not yet said who they are, so this notice cannot name the data controller or give a contact for your data');
    expect(en).toContain('<code>OPERATOR_NAME</code> and <code>OPERATOR_CONTACT_EMAIL</code>');
    expect(en).not.toContain('mailto:');
    const fr = await page(env.app, '/privacy', 'fr');
    expect(mainText(fr)).toContain('Non configuré\u202f: l’exploitant de ce site n’a pas encore indiqué qui il est');
    expect(fr).toContain('<code>OPERATOR_NAME</code> et <code>OPERATOR_CONTACT_EMAIL</code>');
  });

  it('names only what is missing when the operator is half configured', async () => {
    const half = createTestEnvOn(env, { env: { OPERATOR_NAME: 'Riverside Borough Council' } });
    try {
      const en = await page(half.app, '/privacy', 'en');
      expect(en).toContain('<strong>Riverside Borough Council</strong>');
      expect(en).toContain('set <code>OPERATOR_CONTACT_EMAIL</code>');
      expect(en).not.toContain('<code>OPERATOR_NAME</code>');
    } finally {
      await half.close();
    }
  });

  it('says what is kept about addresses: a keyed hash of the IP address in rate-limit counters and the security log, none in sessions', async () => {
    const en = mainText(await page(env.app, '/privacy', 'en'));
    expect(en).toContain('It is not stored as such: the counters are kept under a hash of the address made with a secret key that only the server holds (a keyed hash, HMAC-SHA256)');
    expect(en).toContain('Commonwise’s own log lines carry that hash, never the address. Sessions are not tied to an address');
    const fr = mainText(await page(env.app, '/privacy', 'fr'));
    expect(fr).toContain('Elle n’est pas conservée telle quelle\u202f: les compteurs sont enregistrés sous un condensé de l’adresse calculé avec une clé secrète');
    expect(fr).toContain('les lignes de journal de Commonwise portent ce condensé, jamais l’adresse');
  });

  it('gives the retention of sessions, links, notifications and counters from RETENTION_DAYS (the table comes from the data inventory)', async () => {
    const en = mainText(await page(configuredApp(), '/privacy', 'en'));
    expect(en).toContain('Your sessions');
    expect(en).toContain('Deleted 45 days after it ends.');
    expect(en).toContain('Deleted 45 days after you read it.');
    expect(en).toContain('Each is deleted 45 days after it expires');
    expect(en).toContain('the addresses an account has signed in from are remembered for 30 days');
    expect(mainText(await page(env.app, '/privacy', 'en'))).toContain('Deleted 30 days after it ends.'); // the default
    expect(mainText(await page(configuredApp(), '/privacy', 'fr'))).toContain('Suppression 45 jours après sa lecture.');
  });
});

describe('the accessibility statement', () => {
  it('gives the compliance status, what is tested, known issues, date, contact and enforcement route', async () => {
    const en = await page(configuredApp(), '/accessibility', 'en');
    const text = mainText(en);
    expect(text).toContain('This site is partially compliant with the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA');
    expect(text).toContain('checked automatically with axe-core and with the W3C Nu HTML validator, in English and in French');
    expect(text).toContain('with JavaScript on and off');
    expect(en).toMatch(/<h2 id="known-issues">Known issues<\/h2>\s*<ul>(\s*<li>[^]*?<\/li>){3}/);
    expect(text).toContain('This statement was prepared and last reviewed on 30 November 2026');
    expect(en).toContain('<time datetime="2026-11-30T12:00:00.000Z">');
    expect(en).toContain('<a href="mailto:access@riverside.example">access@riverside.example</a>');
    expect(en).toContain('<a href="https://enforcement.example/complain">the body that enforces accessibility rules</a>');
    expect(text).toContain('run by Riverside Borough Council');
    const fr = await page(configuredApp(), '/accessibility', 'fr');
    const texte = mainText(fr);
    expect(texte).toContain('Ce site est partiellement conforme aux Règles pour l’accessibilité des contenus web (WCAG) 2.2, niveau AA');
    expect(texte).toContain('établie et revue pour la dernière fois le 30 novembre 2026');
    expect(fr).toContain('<a href="mailto:access@riverside.example">');
    expect(fr).toContain('<a href="https://enforcement.example/complain">l’organisme chargé de faire respecter les règles d’accessibilité</a>');
    for (const id of ['status', 'tested', 'known-issues', 'contact', 'enforcement', 'date']) {
      expect(en).toContain(`<h2 id="${id}">`);
      expect(fr).toContain(`<h2 id="${id}">`);
    }
  });

  it('falls back to the operator’s contact, and to a default enforcement route that names bodies in their own language', async () => {
    const fallback = createTestEnvOn(env, { env: { OPERATOR_NAME: 'Riverside Borough Council', OPERATOR_CONTACT_EMAIL: 'privacy@riverside.example' } });
    try {
      const en = await page(fallback.app, '/accessibility', 'en');
      expect(en).toContain('<a href="mailto:privacy@riverside.example">');
      expect(en).toContain('in France, the <span lang="fr">Défenseur des droits</span>');
      expect(en).not.toContain('Not configured');
      const fr = await page(fallback.app, '/accessibility', 'fr');
      expect(fr).toContain('<span lang="en">Equality Advisory and Support Service</span>');
    } finally {
      await fallback.close();
    }
  });

  it('says plainly that no contact is configured when it is not', async () => {
    const en = await page(env.app, '/accessibility', 'en');
    expect(mainText(en)).toContain('Not configured: this site’s operator has not yet said who they are or where to report a problem');
    expect(en).toContain('<code>OPERATOR_NAME</code> and <code>ACCESSIBILITY_CONTACT_EMAIL</code>');
    expect(mainText(en)).toContain('No contact has been configured for this site yet');
    expect(en).not.toContain('mailto:');
    const fr = await page(env.app, '/accessibility', 'fr');
    expect(mainText(fr)).toContain('Aucun contact n’a encore été configuré pour ce site');
  });
});

describe('the long-form pages’ typography', () => {
  it('keeps French and English typography, and one term for an email address, on every footer page', async () => {
    const problems: string[] = [];
    for (const app of [env.app, configuredApp()]) {
      for (const path of ['/privacy', '/accessibility', '/guidelines']) {
        const fr = mainText(await page(app, path, 'fr'));
        const en = mainText(await page(app, path, 'en'));
        problems.push(...[...frenchProblems(fr), ...frenchTermProblems(fr)].map((p) => `fr ${path}: ${p}`));
        problems.push(...[...englishProblems(en), ...englishTermProblems(en)].map((p) => `en ${path}: ${p}`));
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the operator’s settings', () => {
  it('warns at start-up until the operator’s name and contact are set', () => {
    const none = operatorWarnings(loadConfig({}));
    expect(none).toHaveLength(1);
    expect(none[0]).toContain('set OPERATOR_NAME and OPERATOR_CONTACT_EMAIL');
    expect(operatorWarnings(loadConfig({ OPERATOR_NAME: 'Riverside Borough Council' }))[0]).toContain('set OPERATOR_CONTACT_EMAIL)');
    expect(operatorWarnings(loadConfig({ OPERATOR_CONTACT_EMAIL: 'privacy@riverside.example', OPERATOR_NAME: '  ' }))[0]).toContain('set OPERATOR_NAME)');
    expect(operatorWarnings(loadConfig({ OPERATOR_NAME: 'Riverside Borough Council', OPERATOR_CONTACT_EMAIL: 'privacy@riverside.example' }))).toEqual([]);
  });

  it('reads the operator’s details, with the accessibility contact falling back to the operator’s', () => {
    expect(loadConfig(OPERATOR).operator).toEqual({
      name: 'Riverside Borough Council',
      contactEmail: 'privacy@riverside.example',
      address: 'Town Hall, 1 High Street, Riverside RV1 1AA',
      accessibilityEmail: 'access@riverside.example',
      enforcementUrl: 'https://enforcement.example/complain',
    });
    expect(loadConfig({ OPERATOR_CONTACT_EMAIL: 'privacy@riverside.example' }).operator.accessibilityEmail).toBe('privacy@riverside.example');
    expect(loadConfig({}).operator).toEqual({ name: null, contactEmail: null, address: null, accessibilityEmail: null, enforcementUrl: null });
  });

  it('refuses a contact that is not an email address and an enforcement route that is not a web address', () => {
    expect(() => loadConfig({ OPERATOR_CONTACT_EMAIL: 'not an address' })).toThrow(/OPERATOR_CONTACT_EMAIL: must be an email address/);
    expect(() => loadConfig({ ACCESSIBILITY_CONTACT_EMAIL: 'x@' })).toThrow(/ACCESSIBILITY_CONTACT_EMAIL/);
    expect(() => loadConfig({ ACCESSIBILITY_ENFORCEMENT_URL: 'javascript:alert(1)' })).toThrow(/ACCESSIBILITY_ENFORCEMENT_URL/);
  });
});
