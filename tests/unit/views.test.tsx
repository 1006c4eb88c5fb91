import { describe, expect, it } from 'vitest';
import '../../src/registry.js'; // every feature's messages, as the server has them
import { translator, type Locale } from '../../src/i18n/index.js';
import { ErrorPage } from '../../views/errors/ErrorPage.js';
import { Page } from '../../views/layout/Page.js';
import type { ViewContext } from '../../views/layout/types.js';

const TOKEN = 'csrf-token-for-the-test-0123456789';

function ctx(overrides: Partial<ViewContext> & { locale?: Locale } = {}): ViewContext {
  const locale = overrides.locale ?? 'en';
  return {
    t: translator(locale),
    locale,
    user: null,
    csrfToken: TOKEN,
    flash: null,
    currentPath: '/privacy?x=1',
    htmxSrc: '/static/htmx-test.min.js',
    requestId: '00000000-0000-4000-8000-000000000000',
    ...overrides,
  };
}

const html = (node: unknown) => String(node);
const page = (c: ViewContext, body = <p>Body text</p>) => html(<Page ctx={c} title="Test page">{body}</Page>);

/** The forms of a page, by action, with their inner HTML. */
function forms(markup: string): Map<string, string> {
  return new Map([...markup.matchAll(/<form\b[^>]*\baction="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].map((m) => [m[1]!, m[2]!]));
}

/** Elements reachable with Tab, in document order. */
function focusable(markup: string): string[] {
  const body = markup.slice(markup.indexOf('<body'));
  return (body.match(/<(a\b[^>]*\bhref=|button\b|input\b(?![^>]*type="hidden")|select\b|textarea\b|[a-z]+\b[^>]*\btabindex="0")[^>]*>/g) ?? []).filter(
    (tag) => !/tabindex="-1"/.test(tag),
  );
}

describe('Page layout', () => {
  it('sets <html lang> to the page language', () => {
    expect(page(ctx())).toMatch(/^<html lang="en">/);
    expect(page(ctx({ locale: 'fr' }))).toMatch(/^<html lang="fr">/);
  });

  it('puts the skip link first, pointing at <main id="main">', () => {
    const markup = page(ctx({ user: { id: '00000000-0000-4000-8000-000000000001', displayName: 'Ada', email: 'ada@example.org', isAdmin: true, emailVerified: true, unread: 0 } }));
    const first = focusable(markup)[0];
    expect(first).toMatch(/class="skip-link"/);
    expect(first).toMatch(/href="#main"/);
    expect(markup).toContain('>Skip to main content</a>');
    expect(markup).toMatch(/<main id="main"[^>]*tabindex="-1"/);
    expect(page(ctx({ locale: 'fr' }))).toContain('>Aller au contenu principal</a>');
  });

  it('titles the page and names the site', () => {
    expect(page(ctx())).toContain('<title>Test page · Commonwise</title>');
  });

  it('shows a flash message with a live-region role (alert for errors)', () => {
    const ok = page(ctx({ flash: { kind: 'success', key: 'auth.signIn.done' } }));
    expect(ok).toMatch(/<div class="flash flash-success" role="status">You are signed in.<\/div>/);
    const error = page(ctx({ flash: { kind: 'error', key: 'error.rateLimited.body', params: { count: 5 } } }));
    expect(error).toMatch(/role="alert">You have tried this too many times. Please wait 5 minutes/);
    expect(page(ctx())).not.toMatch(/class="flash/);
    // Inside main, so the skip link lands on it.
    expect(ok.indexOf('class="flash')).toBeGreaterThan(ok.indexOf('<main'));
  });

  it('shows the signed-in person’s name (escaped) and a sign-out form', () => {
    const markup = page(ctx({ user: { id: '00000000-0000-4000-8000-000000000001', displayName: 'Ada <b>Lovelace</b> & co', email: 'ada@example.org', isAdmin: false, emailVerified: true, unread: 0 } }));
    expect(markup).toContain('Ada &lt;b&gt;Lovelace&lt;/b&gt; &amp; co');
    expect(markup).not.toContain('<b>Lovelace</b>');
    expect(forms(markup).has('/sign-out')).toBe(true);
    expect(markup).not.toContain('href="/sign-in"');
    expect(markup).not.toContain('href="/admin"'); // not an admin
    expect(page(ctx({ user: { id: '00000000-0000-4000-8000-000000000001', displayName: 'Root', email: 'ada@example.org', isAdmin: true, emailVerified: true, unread: 0 } }))).toContain('href="/admin"');
  });

  it('offers sign-in and sign-up to visitors, and no sign-out form', () => {
    const markup = page(ctx());
    expect(markup).toContain('href="/sign-in"');
    expect(markup).toContain('href="/sign-up"');
    expect(forms(markup).has('/sign-out')).toBe(false);
  });

  it('carries the CSRF token in the language form and the sign-out form', () => {
    const markup = page(ctx({ user: { id: '00000000-0000-4000-8000-000000000001', displayName: 'Ada', email: 'ada@example.org', isAdmin: false, emailVerified: true, unread: 0 } }));
    const all = forms(markup);
    for (const action of ['/locale', '/sign-out']) {
      expect(all.get(action), action).toContain(`<input type="hidden" name="_csrf" value="${TOKEN}"/>`);
    }
    for (const [action, inner] of all) {
      expect(inner, `form ${action}`).toContain('name="_csrf"');
    }
    // The language form comes back to the current page, in the other language.
    expect(all.get('/locale')).toContain('name="locale" value="fr"');
    expect(all.get('/locale')).toContain('name="next" value="/privacy?x=1"');
    const fr = { user: { id: '00000000-0000-4000-8000-000000000001', displayName: 'Ada', email: 'ada@example.org', isAdmin: false, emailVerified: true, unread: 0 }, locale: 'fr' as const };
    expect(forms(page(ctx(fr))).get('/locale')).toContain('name="locale" value="en"');
  });

  it('gives a visitor a page with nothing of theirs in it: a language link, no form, no token', () => {
    const markup = page(ctx());
    expect(forms(markup).size).toBe(0);
    expect(markup).not.toContain(TOKEN);
    expect(markup).toContain('<a href="/locale/fr?next=%2Fprivacy%3Fx%3D1" lang="fr" hreflang="fr" rel="nofollow">');
    expect(page(ctx({ locale: 'fr' }))).toContain('href="/locale/en?next=');
  });

  it('has no inline script and no inline event handler (the CSP allows our own script files only)', () => {
    const markup = page(ctx());
    const scripts = markup.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toMatch(/^<script src="\/static\/[^"]+" defer(="")?><\/script>$/);
    expect(markup).not.toMatch(/\son[a-z]+=/i);
    expect(markup).not.toContain('nonce');
  });
});

describe('ErrorPage', () => {
  it('renders the title and body in the layout, with parameters', () => {
    const id = '11111111-2222-4333-8444-555555555555';
    const markup = html(<ErrorPage ctx={ctx()} title="error.server.title" body="error.server.body" params={{ requestId: id }} />);
    expect(markup).toMatch(/^<html lang="en">/);
    expect(markup).toContain('<h1>Sorry, something went wrong on our side</h1>');
    expect(markup).toContain(id);
    expect(markup).toContain('<title>Sorry, something went wrong on our side · Commonwise</title>');
    expect(markup).toContain('href="/"');
    expect(focusable(markup)[0]).toMatch(/class="skip-link"/);
  });

  it('speaks French', () => {
    const markup = html(<ErrorPage ctx={ctx({ locale: 'fr' })} title="error.notFound.title" body="error.notFound.body" />);
    expect(markup).toMatch(/^<html lang="fr">/);
    expect(markup).toContain(`<h1>${translator('fr')('error.notFound.title')}</h1>`);
    expect(markup).not.toContain(translator('en')('error.notFound.title'));
  });
});
