import type { Child } from 'hono/jsx';
import type { MessageKey } from '../../src/i18n/index.js';
import { Page } from '../layout/Page.js';
import type { ViewContext } from '../layout/types.js';

// Long-form content is written per language here rather than cut into catalogue strings.

/** An information page: its title, then the text written for the reader's language. */
function InfoPage({ ctx, title, en, fr }: { ctx: ViewContext; title: MessageKey; en: Child; fr: Child }) {
  return (
    <Page ctx={ctx} title={ctx.t(title)}>
      <article class="prose">
        <h1>{ctx.t(title)}</h1>
        {ctx.locale === 'fr' ? fr : en}
      </article>
    </Page>
  );
}

export function PrivacyPage({ ctx }: { ctx: ViewContext }) {
  return (
    <InfoPage
      ctx={ctx}
      title="pages.privacy.title"
      fr={
        <>
          <p>Commonwise ne recueille que ce qui est nécessaire pour vous permettre de participer.</p>
          <h2>Ce que nous conservons</h2>
          <ul>
            <li>Votre nom affiché, votre adresse électronique, votre langue préférée et, si vous l’écrivez, une courte présentation.</li>
            <li>Un condensé (hachage argon2id) de votre mot de passe, jamais le mot de passe lui-même.</li>
            <li>Vos contributions : idées, commentaires, votes et soutiens.</li>
            <li>Des cookies strictement nécessaires : session, protection contre la falsification de requêtes, langue, message de confirmation.</li>
          </ul>
          <h2>Ce que nous ne faisons pas</h2>
          <p>Aucun traceur, aucune publicité, aucune police ni script de tiers. Vos données ne sont ni vendues ni partagées.</p>
          <h2>Vos droits</h2>
          <p>
            Vous pouvez modifier votre profil à tout moment. Vous pouvez demander une copie de vos contributions et la suppression de
            votre compte : vos contributions sont alors anonymisées, pas supprimées, pour que les discussions restent lisibles.
          </p>
          <h2>Conservation</h2>
          <p>Les sessions expirent après 7 jours d’inactivité et au plus tard 30 jours après la connexion. Les liens envoyés par courriel expirent après 1 à 24 heures.</p>
        </>
      }
      en={
        <>
          <p>Commonwise collects only what it needs to let you take part.</p>
          <h2>What we keep</h2>
          <ul>
            <li>Your display name, email address, preferred language and, if you write one, a short introduction.</li>
            <li>An argon2id hash of your password, never the password itself.</li>
            <li>Your contributions: ideas, comments, votes and support.</li>
            <li>Strictly necessary cookies: your session, protection against forged requests, your language, and one-time confirmation messages.</li>
          </ul>
          <h2>What we do not do</h2>
          <p>No trackers, no advertising, no third-party fonts or scripts. Your data is neither sold nor shared.</p>
          <h2>Your rights</h2>
          <p>
            You can change your profile at any time. You can ask for a copy of your contributions and for your account to be deleted:
            your contributions are then anonymised rather than removed, so that discussions still make sense.
          </p>
          <h2>Retention</h2>
          <p>Sessions end after 7 days without use and at the latest 30 days after signing in. Links sent by email expire after 1 to 24 hours.</p>
        </>
      }
    />
  );
}

export function AccessibilityPage({ ctx }: { ctx: ViewContext }) {
  return (
    <InfoPage
      ctx={ctx}
      title="pages.accessibility.title"
      fr={
        <>
          <p>Commonwise vise la conformité aux Règles pour l’accessibilité des contenus web (WCAG) 2.2, niveau AA.</p>
          <h2>Ce que nous faisons</h2>
          <ul>
            <li>Chaque page fonctionne au clavier et sans JavaScript.</li>
            <li>Chaque gabarit de page est vérifié automatiquement avec axe-core, en anglais et en français, à chaque modification.</li>
            <li>Les contrastes de couleur atteignent au moins 4,5:1, le focus est toujours visible, et un thème sombre suit le réglage de votre appareil.</li>
            <li>Les formulaires indiquent les erreurs en haut de la page avec un lien vers chaque champ concerné.</li>
          </ul>
          <h2>Nous signaler un problème</h2>
          <p>Si une partie du site vous pose problème, écrivez à la collectivité qui l’exploite ; nous répondons sous 10 jours ouvrés.</p>
        </>
      }
      en={
        <>
          <p>Commonwise aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA.</p>
          <h2>What we do</h2>
          <ul>
            <li>Every page works by keyboard and without JavaScript.</li>
            <li>Every page template is checked automatically with axe-core, in English and in French, on every change.</li>
            <li>Colour contrast is at least 4.5:1, focus is always visible, and a dark theme follows your device’s setting.</li>
            <li>Forms list errors at the top of the page, each linked to the field concerned.</li>
          </ul>
          <h2>Tell us about a problem</h2>
          <p>If any part of the site is hard for you to use, write to the council that runs it; we answer within 10 working days.</p>
        </>
      }
    />
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
            <li>Le désaccord respectueux : critiquez les idées, pas les personnes.</li>
            <li>Les faits et l’expérience vécue, en indiquant vos sources quand vous le pouvez.</li>
          </ul>
          <h2>Ce qui est retiré</h2>
          <ul>
            <li>Les insultes, le harcèlement, les menaces et les propos haineux ou discriminatoires.</li>
            <li>Les informations personnelles d’autrui, la publicité, le spam et les contenus illégaux.</li>
            <li>Les messages hors sujet qui empêchent la discussion.</li>
          </ul>
          <h2>Comment nous modérons</h2>
          <p>
            Les contenus signalés sont examinés par des modérateurs. Le personnel des collectivités répond sous son nom et son rôle,
            mais ne répond pas aux propos abusifs : ils sont retirés, et les comptes qui récidivent sont suspendus.
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
          <h2>What is removed</h2>
          <ul>
            <li>Insults, harassment, threats, and hateful or discriminatory content.</li>
            <li>Other people’s personal information, advertising, spam and anything unlawful.</li>
            <li>Off-topic posts that get in the way of the discussion.</li>
          </ul>
          <h2>How we moderate</h2>
          <p>
            Flagged content is reviewed by moderators. Council staff answer under their own name and role, but they will not engage
            with abuse: it is removed, and accounts that keep at it are suspended.
          </p>
        </>
      }
    />
  );
}
