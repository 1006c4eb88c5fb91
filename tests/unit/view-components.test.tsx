import { describe, expect, it } from 'vitest';
import '../../src/registry.js'; // every feature's messages, as the server has them
import { translator } from '../../src/i18n/index.js';
import { ButtonForm } from '../../views/components/ButtonForm.js';
import { DataTable } from '../../views/components/DataTable.js';
import { Message } from '../../views/components/Message.js';
import { Select } from '../../views/components/Select.js';
import { Time } from '../../views/components/Time.js';

const html = (node: unknown) => String(node);

describe('Time', () => {
  const at = new Date('2026-03-14T09:30:00Z');

  it('writes the instant in ISO form and the date in the reader’s language', () => {
    expect(html(<Time at={at} locale="en" />)).toBe('<time datetime="2026-03-14T09:30:00.000Z">14 March 2026</time>');
    expect(html(<Time at={at} locale="fr" />)).toBe('<time datetime="2026-03-14T09:30:00.000Z">14 mars 2026</time>');
  });

  it('adds the time of day (London time) when asked', () => {
    const en = html(<Time at={at} locale="en" style="dateTime" />);
    expect(en).toMatch(/^<time datetime="2026-03-14T09:30:00.000Z">14 March 2026[^<]*09:30<\/time>$/);
    expect(html(<Time at={at} locale="fr" style="dateTime" />)).toMatch(/>14 mars 2026[^<]*09:30<\/time>$/);
  });
});

describe('DataTable', () => {
  const rows = [
    { name: 'Riverside <Council>', kind: 'council', overdue: true },
    { name: 'GreenLink', kind: 'partner', overdue: false },
  ];
  const columns = [
    { header: 'Name', rowHeader: true, cell: (r: (typeof rows)[number]) => <a href="#x">{r.name}</a> },
    { header: 'Kind', class: 'kind', cell: (r: (typeof rows)[number]) => r.kind },
  ];

  it('names the table with a caption (hidden unless asked), headers with scope, one row header per row', () => {
    const markup = html(<DataTable caption="Organisations" rows={rows} columns={columns} empty={<p>None</p>} rowClass={(r) => (r.overdue ? 'late' : undefined)} />);
    expect(markup).toMatch(/^<div class="table-scroll"><table class="table"><caption class="visually-hidden">Organisations<\/caption><thead>/);
    expect(markup).toContain('<thead><tr><th scope="col">Name</th><th scope="col">Kind</th></tr></thead>');
    expect(markup).toContain('<tr class="late"><th scope="row"><a href="#x">Riverside &lt;Council&gt;</a></th><td class="kind">council</td></tr>');
    expect(markup).toContain('<tr><th scope="row"><a href="#x">GreenLink</a></th><td class="kind">partner</td></tr>');
    expect(markup).not.toContain('None');
    expect(html(<DataTable caption="Organisations" captionVisible rows={rows} columns={columns} empty="" />)).toContain('<caption>Organisations</caption>');
  });

  it('or by the heading above it, with no caption', () => {
    const markup = html(<DataTable labelledBy="members-title" class="wide" rows={rows} columns={columns} empty="" />);
    expect(markup).toContain('<table class="table wide" aria-labelledby="members-title">');
    expect(markup).not.toContain('<caption');
  });

  it('shows the empty state instead of a table with no rows', () => {
    expect(html(<DataTable caption="Organisations" rows={[]} columns={columns} empty={<p class="empty">None yet</p>} />)).toBe('<p class="empty">None yet</p>');
  });
});

describe('Message', () => {
  it('puts an element where the sentence’s placeholder stands, in each language’s word order', () => {
    const link = <a href="/challenges/1">Parks</a>;
    expect(html(<Message t={translator('en')} k="ideas.page.back" slot="challenge">{link}</Message>)).toBe('Back to the challenge: <a href="/challenges/1">Parks</a>');
    expect(html(<Message t={translator('fr')} k="ideas.page.back" slot="challenge">{link}</Message>)).toBe('Retour au défi\u202f: <a href="/challenges/1">Parks</a>');
  });
});

describe('ButtonForm', () => {
  it('is a POST form with the CSRF token, its hidden fields and one button', () => {
    const markup = html(
      <ButtonForm action="/locale" csrfToken="tok" fields={{ locale: 'fr', next: '/a?b=1' }} button="link-button" lang="fr" ariaLabel="Français">
        Français
      </ButtonForm>,
    );
    expect(markup).toBe(
      '<form method="post" action="/locale" class="inline-form"><input type="hidden" name="_csrf" value="tok"/><input type="hidden" name="locale" value="fr"/><input type="hidden" name="next" value="/a?b=1"/><button type="submit" class="link-button" aria-label="Français" lang="fr">Français</button></form>',
    );
    expect(html(<ButtonForm action="/x" csrfToken="tok" inline={false} id="f1">Go</ButtonForm>)).toMatch(/^<form id="f1" method="post" action="\/x"><input[^>]*><button type="submit" class="button">Go<\/button><\/form>$/);
  });
});

describe('Select', () => {
  it('labels the drop-down, offers an empty “any” choice when asked and selects the current value', () => {
    const options = [
      { value: 'open', label: 'Open' },
      { value: 'voting', label: 'Voting' },
    ];
    const markup = html(<Select id="phase" label="Phase" any="Any" options={options} selected="voting" />);
    expect(markup).toBe(
      '<div class="field"><label for="phase">Phase</label> <select id="phase" name="phase"><option value="">Any</option><option value="open">Open</option><option value="voting" selected="">Voting</option></select></div>',
    );
    expect(html(<Select class="field-inline" id="ideas-sort" name="sort" label="Sort" options={options} selected={undefined} />)).toContain('<select id="ideas-sort" name="sort"><option value="open">Open</option>');
  });
});
