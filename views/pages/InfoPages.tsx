import type { Child } from 'hono/jsx';
import type { MessageKey } from '../../src/i18n/index.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';

// Long-form content is written per language here rather than cut into catalogue strings (the
// privacy notice and the accessibility statement are in StatementPages.tsx).

/** An information page: its title, then the text written for the reader's language. */
export function InfoPage({ ctx, title, en, fr }: { ctx: ViewContext; title: MessageKey; en: Child; fr: Child }) {
  return (
    <Page ctx={ctx} title={ctx.t(title)}>
      <article class="prose">
        <h1>{ctx.t(title)}</h1>
        {ctx.locale === 'fr' ? fr : en}
      </article>
    </Page>
  );
}

export function GuidelinesPage({ ctx }: { ctx: ViewContext }) {
  return (
    <InfoPage
      ctx={ctx}
      title="pages.guidelines.title"
      fr={
        <>
          <h2>Ce qui est bienvenu</h2>
          <ul>
            <li>Des idées concrètes, même modestes, et des questions sincères.</li>
            <li>Le désaccord respectueux{'\u202f'}: critiquez les idées, pas les personnes.</li>
            <li>Les faits et l’expérience vécue, en indiquant vos sources quand vous le pouvez.</li>
          </ul>
          <h2 id="rules">Ce qui est retiré</h2>
          <p>Les modérateurs masquent un contenu en citant la règle qu’il enfreint{'\u202f'}:</p>
          <ol class="rules">
            <li>Le spam et la publicité.</li>
            <li>Les insultes, le harcèlement et les menaces.</li>
            <li>Les propos haineux ou discriminatoires.</li>
            <li>Les informations personnelles d’autrui.</li>
            <li>Les messages hors sujet qui empêchent la discussion.</li>
            <li>Les contenus illégaux.</li>
          </ol>
          <h2>Comment nous modérons</h2>
          <p>
            Toute personne connectée peut signaler ce qui enfreint ces règles avec le lien «{'\u202f'}Signaler{'\u202f'}» à côté{'\u202f'}; les modérateurs examinent
            chaque signalement et les personnes qui l’ont fait sont informées de la décision. Le personnel des collectivités répond sous son nom et son rôle,
            mais ne répond pas aux propos abusifs{'\u202f'}: ils sont retirés, et les comptes qui récidivent sont suspendus.
          </p>
          <p>
            Chaque mois, le <a href="/moderation/log">journal de modération</a> indique ce qui a été masqué, en application de quelle règle,
            combien de signalements et de réexamens il y a eu, et en combien de temps les décisions ont été prises.
          </p>
        </>
      }
      en={
        <>
          <h2>What is welcome</h2>
          <ul>
            <li>Concrete ideas, however small, and honest questions.</li>
            <li>Respectful disagreement: criticise ideas, not people.</li>
            <li>Facts and lived experience, with sources where you can give them.</li>
          </ul>
          <h2 id="rules">What is removed</h2>
          <p>Moderators hide content under the rule it breaks:</p>
          <ol class="rules">
            <li>Spam and advertising.</li>
            <li>Insults, harassment and threats.</li>
            <li>Hateful or discriminatory content.</li>
            <li>Other people’s personal information.</li>
            <li>Off-topic posts that get in the way of the discussion.</li>
            <li>Anything unlawful.</li>
          </ol>
          <h2>How we moderate</h2>
          <p>
            Anyone signed in can report what breaks these rules with the Report link beside it; moderators review every report and the
            people who reported are told what was decided. Council staff answer under their own name and role, but they will not engage
            with abuse: it is removed, and accounts that keep at it are suspended.
          </p>
          <p>
            Every month, the <a href="/moderation/log">moderation log</a> shows what was hidden, under which rule, how many reports and
            reviews there were, and how long decisions took.
          </p>
        </>
      }
    />
  );
}
