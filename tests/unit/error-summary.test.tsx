/**
 * Issue 10 point 20: an error summary names each field it lists ("Title: Enter a value"), on
 * every form, in both languages, and takes the focus. Each form is rendered with an error on
 * every one of its fields; each line of the summary must start with that field's label.
 * Point 22: a window that opens later says how long until then, not "last day".
 */
import { describe, expect, it } from 'vitest';
import type { Child } from 'hono/jsx';
import '../../src/registry.js'; // every feature's messages, as the server has them
import { translator, type Locale } from '../../src/i18n/index.js';
import { ChangePasswordPage, ForgotPasswordPage, ProfilePage, ResetPasswordPage, SignInPage, SignUpPage, VerifyEmailPage } from '../../views/accounts/AccountPages.js';
import { ChallengeFormPage } from '../../views/challenges/ChallengeFormPage.js';
import { nextText } from '../../views/challenges/parts.js';
import { fieldLabels, Field, type FormErrors } from '../../views/components/Form.js';
import { HONEYPOT_FIELD } from '../../views/components/Honeypot.js';
import { IdeaFormPage } from '../../views/ideas/IdeaFormPage.js';
import { WithdrawIdeaPage } from '../../views/ideas/WithdrawIdeaPage.js';
import type { ViewContext } from '../../views/layout/types.js';
import { MembersPage } from '../../views/organisations/MembersPage.js';
import { MembershipPage } from '../../views/organisations/MembershipPage.js';
import { OrganisationFormPage } from '../../views/organisations/OrganisationFormPage.js';
import { ResponseForm } from '../../views/responses/parts.js';

function ctx(locale: Locale): ViewContext {
  return {
    t: translator(locale),
    locale,
    user: { id: '00000000-0000-4000-8000-000000000001', displayName: 'Ada', email: 'ada@example.test', isAdmin: true, emailVerified: true, unread: 0 },
    csrfToken: 'csrf-token-for-the-test-0123456789',
    flash: null,
    currentPath: '/',
    htmxSrc: '/static/htmx-test.min.js',
    requestId: '00000000-0000-4000-8000-000000000000',
  };
}

const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const TOPICS = [{ id: 1, slug: 'parks', nameEn: 'Parks', nameFr: 'Parcs' }];
const USER = '00000000-0000-4000-8000-0000000000aa';

/** Every form, rendered with the given errors. */
const FORMS: Record<string, (c: ViewContext, errors: FormErrors | undefined) => Child> = {
  'sign up': (c, errors) => <SignUpPage ctx={c} errors={errors as FormErrors} />,
  'sign in': (c, errors) => <SignInPage ctx={c} errors={errors as FormErrors} />,
  'forgotten password': (c, errors) => <ForgotPasswordPage ctx={c} errors={errors as FormErrors} />,
  'confirm email': (c, errors) => <VerifyEmailPage ctx={c} errors={errors as FormErrors} />,
  'new password': (c, errors) => <ResetPasswordPage ctx={c} errors={errors as FormErrors} />,
  'change password': (c, errors) => <ChangePasswordPage ctx={c} errors={errors as FormErrors} />,
  profile: (c, errors) => <ProfilePage ctx={c} errors={errors as FormErrors} email="ada@example.org" emailVerified />,
  organisation: (c, errors) => <OrganisationFormPage ctx={c} mode="create" action="/admin/organisations/new" errors={errors} identityEditable cancelHref="/" />,
  membership: (c, errors) => <MembershipPage ctx={c} org={{ name: 'Riverside', slug: 'riverside' }} userId={USER} role="member" values={{}} listed errors={errors} />,
  challenge: (c, errors) => (
    <ChallengeFormPage ctx={c} mode="create" action="/x" heading="Riverside" values={{ submissionKey: 'k' }} selectedTopics={[]} topics={TOPICS} errors={errors} cancelHref="/" />
  ),
  idea: (c, errors) => (
    <IdeaFormPage
      ctx={c}
      mode="new"
      action="/x"
      challenge={{ id: USER, title: 'A challenge', titleFr: null }}
      values={{ submissionKey: 'k' }}
      checkedTopics={[]}
      errors={errors}
      topics={TOPICS}
      organisations={[{ organisationId: USER, name: 'GreenLink' }]}
      similar={[]}
      cancelHref="/"
    />
  ),
  'invitation (members page)': (c, errors) => (
    <MembersPage
      ctx={c}
      org={{ name: 'Riverside', slug: 'riverside' }}
      members={[]}
      invitations={[]}
      viewerId={USER}
      invite={errors ? { values: {}, errors } : undefined}
    />
  ),
  'withdrawing an idea': (c, errors) => <WithdrawIdeaPage ctx={c} idea={{ id: USER, title: 'Planters', language: 'en' }} values={{}} errors={errors} />,
  'official response': (c, errors) => (
    <ResponseForm ctx={c} form={{ ideaId: USER, status: 'submitted', choices: ['accepted'], signature: 'Priya', values: {}, errors }} />
  ),
};

/** The names of a rendered form's fields (hidden fields, the CSRF token and the honeypot left out: no person fills them in). */
function fieldNames(markup: string): string[] {
  const main = markup.includes('<main') ? markup.slice(markup.indexOf('<main'), markup.indexOf('</main>')) : markup;
  const names = [...main.matchAll(/<(input|select|textarea)\b([^>]*)>/g)]
    .filter((m) => !/type="hidden"/.test(m[2]!))
    .map((m) => /\bname="([^"]+)"/.exec(m[2]!)?.[1])
    .filter((n): n is string => Boolean(n) && n !== HONEYPOT_FIELD);
  return [...new Set(names)];
}

function summary(markup: string) {
  const start = markup.indexOf('class="error-summary"');
  const block = markup.slice(start, markup.indexOf('</div>', start));
  return { tag: markup.slice(markup.lastIndexOf('<div', start), markup.indexOf('>', start) + 1), links: [...block.matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)].map((m) => ({ href: m[1]!, text: unescape(m[2]!) })) };
}

describe('error summaries name every field, on every form (point 20)', () => {
  for (const [name, render] of Object.entries(FORMS)) {
    for (const locale of ['en', 'fr'] as const) {
      it(`${name} (${locale})`, () => {
        const c = ctx(locale);
        const names = fieldNames(String(render(c, undefined)));
        expect(names.length, `${name} has fields`).toBeGreaterThan(0);
        const errors: FormErrors = Object.fromEntries(names.map((n) => [n, 'validation.required']));
        const markup = String(render(c, errors));
        const { tag, links } = summary(markup);
        expect(tag).toContain('autofocus');
        expect(tag).toContain('tabindex="-1"');
        expect(links.map((l) => l.href).sort()).toEqual([...names].sort());
        const message = c.t('validation.required');
        const separator = c.t('form.errorSummary.item', { field: '', message: '' });
        for (const link of links) {
          // "<label>: Enter a value" — never the message alone.
          expect(link.text, `#${link.href}`).not.toBe(message);
          expect(link.text.endsWith(`${separator}${message}`), `#${link.href}: ${link.text}`).toBe(true);
          expect(link.text.length).toBeGreaterThan(separator.length + message.length);
        }
      });
    }
  }

  it('reads labels from the form as written: components with a label, <label for>, and fieldsets by their legend', () => {
    const t = translator('en');
    const labels = fieldLabels(
      <>
        <Field t={t} name="title" label="Title" />
        {[<Field t={t} name="when" label="When" />]}
        <div>
          <label for="raw">
            Raw input <span class="optional">(optional)</span>
          </label>
          <input id="raw" name="raw" />
        </div>
        <fieldset id="topics">
          <legend>
            Topics <span class="optional">(optional)</span>
          </legend>
        </fieldset>
        {false}
      </>,
    );
    expect(labels).toEqual({ title: 'Title', when: 'When', raw: 'Raw input', topics: 'Topics' });
  });
});

describe('the next date of a challenge (point 22)', () => {
  const at = new Date('2026-03-14T12:00:00Z');
  for (const locale of ['en', 'fr'] as const) {
    const t = translator(locale);
    it(`counts down to an opening, not "last day" (${locale})`, () => {
      expect(nextText(t, locale, { event: 'submissionsOpen', at, daysLeft: 1 })).toContain(t('challenges.daysUntil.soon'));
      expect(nextText(t, locale, { event: 'submissionsOpen', at, daysLeft: 1 })).not.toContain(t('challenges.daysLeft.last'));
      expect(nextText(t, locale, { event: 'votingOpen', at, daysLeft: 3 })).toContain(t('challenges.daysUntil', { count: 3 }));
      expect(nextText(t, locale, { event: 'results', at, daysLeft: 0 })).toContain(t('challenges.daysUntil.soon'));
      // Closing: time left.
      expect(nextText(t, locale, { event: 'submissionsClose', at, daysLeft: 1 })).toContain(t('challenges.daysLeft.last'));
      expect(nextText(t, locale, { event: 'votingClose', at, daysLeft: 3 })).toContain(t('challenges.daysLeft', { count: 3 }));
    });
  }
});
