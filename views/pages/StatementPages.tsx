import type { Child } from 'hono/jsx';
import type { ViewContext } from '../layout/types.js';
import { DataTable } from '../components/DataTable.js';
import { Time } from '../components/Time.js';
import { InfoPage } from './InfoPages.js';

// The privacy notice and the accessibility statement: written per language, like the other
// long-form pages, with the operator's details from the configuration (src/config.ts). Until the
// operator is configured, each page says so plainly where the details would be.

/** Who runs the site (null: not configured), as src/config.ts reads it from the environment. */
export type OperatorView = {
  name: string | null;
  contactEmail: string | null;
  address: string | null;
  accessibilityEmail: string | null;
  enforcementUrl: string | null;
};

/**
 * The day this statement was last checked against what the tests cover and what is known not to
 * work. Change it whenever the statement's text changes.
 */
export const ACCESSIBILITY_STATEMENT_DATE = new Date('2026-11-30T12:00:00Z');

const Mail = ({ to }: { to: string }) => <a href={`mailto:${to}`}>{to}</a>;
const Setting = ({ name }: { name: string }) => <code>{name}</code>;

/** The variables not set yet, as a list of <code> names ("A and B" / « A et B »). */
function Missing({ names, and }: { names: string[]; and: string }) {
  return (
    <>
      {names.map((n, i) => (
        <>
          {i > 0 && (i === names.length - 1 ? ` ${and} ` : ', ')}
          <Setting name={n} />
        </>
      ))}
    </>
  );
}

/** The plain "not configured" notice, in the reader's language. */
function NotConfigured({ ctx, names, en, fr }: { ctx: ViewContext; names: string[]; en: Child; fr: Child }) {
  return (
    <p class="notice" id="not-configured">
      <strong>{ctx.locale === 'fr' ? 'Non configuré' : 'Not configured'}</strong>
      {ctx.locale === 'fr' ? '\u202f: ' : ': '}
      {ctx.locale === 'fr' ? fr : en}{' '}
      {ctx.locale === 'fr' ? (
        <>
          (Réglage{names.length > 1 ? 's' : ''} à renseigner par l’exploitant du site{'\u202f'}: <Missing names={names} and="et" />.)
        </>
      ) : (
        <>
          (For the site’s operator: set <Missing names={names} and="and" />.)
        </>
      )}
    </p>
  );
}

function operatorMissing(o: OperatorView): string[] {
  return [!o.name && 'OPERATOR_NAME', !o.contactEmail && 'OPERATOR_CONTACT_EMAIL'].filter((v): v is string => Boolean(v));
}

/** One line of the privacy notice's table of what is kept (src/lib/data-inventory.ts makes them from the data inventory). */
export type PrivacyRow = { id: string; title: string; text: string; howLong: string[] };

/** The table of what is kept, why and for how long, in the reader's language: named by the heading above it. */
function InventoryTable({ rows, labels }: { rows: PrivacyRow[]; labels: { what: string; details: string; howLong: string } }) {
  return (
    <DataTable
      labelledBy="inventory"
      stack
      rows={rows}
      empty={null}
      columns={[
        { header: labels.what, rowHeader: true, cell: (r) => <span id={`keep-${r.id}`}>{r.title}</span> },
        { header: labels.details, cell: (r) => r.text },
        { header: labels.howLong, cell: (r) => r.howLong.join(' ') },
      ]}
    />
  );
}

export function PrivacyPage({
  ctx,
  operator: o,
  retentionDays: days,
  securityLogDays,
  inventory,
}: {
  ctx: ViewContext;
  operator: OperatorView;
  retentionDays: number;
  securityLogDays: number;
  inventory: { en: PrivacyRow[]; fr: PrivacyRow[] };
}) {
  const missing = operatorMissing(o);
  const notice =
    missing.length > 0 ? (
      <NotConfigured
        ctx={ctx}
        names={missing}
        en={<>this site’s operator has not yet said who they are, so this notice cannot name the data controller{o.contactEmail ? '' : ' or give a contact for your data'}.</>}
        fr={<>l’exploitant de ce site n’a pas encore indiqué qui il est{'\u202f'}; cette politique ne peut donc pas nommer le responsable du traitement{o.contactEmail ? '' : ' ni donner de contact pour vos données'}.</>}
      />
    ) : null;
  return (
    <InfoPage
      ctx={ctx}
      title="pages.privacy.title"
      fr={
        <>
          <p>Commonwise ne recueille que ce qui est nécessaire pour vous permettre de participer.</p>
          <h2 id="controller">Qui est responsable de vos données</h2>
          {notice}
          {o.name && (
            <p>
              Ce site est exploité par <strong>{o.name}</strong>, responsable du traitement des données que vous lui confiez.
              {o.address && <> Adresse postale{'\u202f'}: {o.address}.</>}
            </p>
          )}
          {o.contactEmail && (
            <p>
              Pour toute question sur vos données, ou pour exercer vos droits, écrivez à <Mail to={o.contactEmail} />.
            </p>
          )}
          <h2 id="inventory">Ce que nous conservons, et combien de temps</h2>
          <p>
            Ce tableau est tiré de l’inventaire que Commonwise tient de chaque table de sa base de données{'\u202f'}; les durées sont appliquées par des tâches qui s’exécutent
            chaque jour. La suppression de votre compte est décrite sous «{'\u202f'}
            <a href="#rights">Vos droits</a>
            {'\u202f'}».
          </p>
          <InventoryTable rows={inventory.fr} labels={{ what: 'Quoi', details: 'Ce que c’est et pourquoi', howLong: 'Combien de temps' }} />
          <p>Des cookies strictement nécessaires{'\u202f'}: session, protection contre la falsification de requêtes, langue, message de confirmation.</p>
          <h2 id="addresses">Vos adresses</h2>
          <p>
            <strong>Votre adresse électronique</strong> sert à vous connecter et à vous envoyer les liens et messages liés à votre compte. Elle n’est jamais publiée{'\u202f'}: seuls vous-même, les
            administrateurs de la plateforme et, si vous rejoignez une organisation, ses responsables peuvent la voir.
          </p>
          <p>
            <strong>L’adresse IP</strong> de votre appareil sert à limiter les tentatives répétées (connexion, création de compte, réinitialisation du mot de passe, publication). Elle n’est pas
            conservée telle quelle{'\u202f'}: les compteurs sont enregistrés sous un condensé de l’adresse calculé avec une clé secrète que seul le serveur détient (un hachage à clé,
            HMAC-SHA256), qui ne permet pas de retrouver l’adresse sans cette clé{'\u202f'}; les compteurs liés à une adresse électronique sont conservés de la même façon. La plupart des
            compteurs durent d’une minute à une journée{'\u202f'}; les adresses depuis lesquelles un compte s’est connecté sont retenues 30 jours, pour que les échecs d’un tiers ne ralentissent
            pas son titulaire. Chacun est supprimé {days} jours après son expiration. Le journal de sécurité conserve un condensé de l’adresse calculé de la même façon avec chaque
            connexion, déconnexion et requête refusée, pendant {securityLogDays} jours{'\u202f'}; les lignes de journal de Commonwise portent ce condensé, jamais l’adresse. Les sessions ne
            sont pas liées à une adresse{'\u202f'}: elles n’enregistrent que la famille du navigateur et du système. Le serveur web ou le mandataire placé devant le site par son exploitant
            peut tenir ses propres journaux.
          </p>
          <p id="soutiens">
            <strong>Quand vous soutenez une idée</strong>, deux condensés à clé sont conservés avec le soutien, calculés de la même façon{'\u202f'}: l’un de votre réseau (les trois
            premiers nombres d’une adresse IPv4, son /24, ou les 48 premiers bits d’une adresse IPv6 — jamais l’adresse elle-même), l’autre de la chaîne User-Agent que votre
            navigateur envoie avec chaque page (aucun script ne lit autre chose sur votre appareil). Le personnel de la collectivité ne les voit que sous forme de courtes
            références, regroupées, dans un rapport qui cherche les votes manipulés{'\u202f'}: de nombreux comptes sur un même réseau, le même navigateur, des comptes créés le même
            jour qui soutiennent ensemble, des comptes qui n’ont soutenu qu’une idée. Si la collectivité écarte l’un de vos soutiens, votre propre page l’indique et dit
            pourquoi{'\u202f'}; la page du défi dit combien de soutiens ont été écartés et pourquoi, jamais lesquels. Les condensés sont effacés {days} jours après la fin du vote du défi.
          </p>
          <h2>Ce que nous ne faisons pas</h2>
          <p>Aucun traceur, aucune publicité, aucune police ni script de tiers. Vos données ne sont ni vendues ni partagées.</p>
          <h2 id="rights">Vos droits</h2>
          <p>
            Vous pouvez modifier votre profil à tout moment, et voir vos sessions et y mettre fin. Vous pouvez demander à consulter vos données, à les corriger, à en obtenir une copie et à
            supprimer votre compte
            {o.contactEmail ? (
              <>
                {' '}
                en écrivant à <Mail to={o.contactEmail} />
              </>
            ) : (
              ' auprès de l’exploitant du site'
            )}
            {'\u202f'}; le site n’offre pas encore de bouton pour obtenir une copie de vos données ni pour supprimer votre compte. Quand un compte est supprimé, ce qui n’appartient qu’à
            lui disparaît avec lui (ses sessions, soutiens, suivis, notifications et signalements), ses idées et commentaires restent sans son nom, et le journal de sécurité garde ses
            entrées jusqu’à ce qu’elles aient {securityLogDays} jours. Si vous n’êtes pas satisfait de la réponse, vous pouvez vous adresser à l’autorité de protection des données de
            votre pays.
          </p>
        </>
      }
      en={
        <>
          <p>Commonwise collects only what it needs to let you take part.</p>
          <h2 id="controller">Who is responsible for your data</h2>
          {notice}
          {o.name && (
            <p>
              This site is run by <strong>{o.name}</strong>, the data controller for what you give it.
              {o.address && <> Postal address: {o.address}.</>}
            </p>
          )}
          {o.contactEmail && (
            <p>
              To ask about your data, or to use your rights, write to <Mail to={o.contactEmail} />.
            </p>
          )}
          <h2 id="inventory">What we keep, and for how long</h2>
          <p>
            This table is made from the inventory Commonwise keeps of every table of its database; the periods are enforced by jobs that run every day. Deleting your account is
            described under “<a href="#rights">Your rights</a>”.
          </p>
          <InventoryTable rows={inventory.en} labels={{ what: 'What', details: 'What it is and why', howLong: 'How long' }} />
          <p>Strictly necessary cookies: your session, protection against forged requests, your language, and one-time confirmation messages.</p>
          <h2 id="addresses">Your addresses</h2>
          <p>
            <strong>Your email address</strong> is used to sign you in and to send you the links and messages about your account. It is never published: only you, the platform’s administrators
            and, if you join an organisation, its owners can see it.
          </p>
          <p>
            <strong>Your device’s IP address</strong> is used to slow down repeated attempts (signing in, creating accounts, resetting passwords, posting). It is not stored as such: the counters
            are kept under a hash of the address made with a secret key that only the server holds (a keyed hash, HMAC-SHA256), from which the address cannot be recovered without that key;
            counters about an email address are kept the same way. Most counters last from a minute to a day; the addresses an account has signed in from are remembered for 30 days, so
            that someone else’s failed attempts do not slow its owner down. Each is deleted {days} days after it expires. The security log keeps a hash of the address made the same way
            with each sign-in, sign-out and refused request, for {securityLogDays} days; Commonwise’s own log lines carry that hash, never the address. Sessions are not tied to an
            address: they record only the browser and system family. The web server or proxy the operator puts in front of the site may keep logs of its own.
          </p>
          <p id="supports">
            <strong>When you support an idea</strong>, two keyed hashes are kept with the support, made the same way: one of your network (the first three numbers of an IPv4 address,
            its /24, or the first 48 bits of an IPv6 one — never the address itself) and one of the User-Agent string your browser sends with every page (no script reads anything
            else from your device). The council’s staff see them only as short references, grouped, in a report that looks for votes being gamed: many accounts on one network,
            the same browser string, accounts created the same day supporting at once, accounts that supported only one idea. If the council sets a support of yours aside, your
            own page says so and why; the challenge’s page says how many supports were set aside and why, never whose. The hashes are erased {days} days after the challenge’s
            voting ends.
          </p>
          <h2>What we do not do</h2>
          <p>No trackers, no advertising, no third-party fonts or scripts. Your data is neither sold nor shared.</p>
          <h2 id="rights">Your rights</h2>
          <p>
            You can change your profile at any time, and see and end your sessions. You can ask to see your data, to correct it, for a copy of it and for your account to be deleted
            {o.contactEmail ? (
              <>
                {' '}
                by writing to <Mail to={o.contactEmail} />
              </>
            ) : (
              ' by asking the site’s operator'
            )}
            ; the site has no button for a copy of your data or for deleting your account yet. When an account is deleted, what belongs to it alone goes with it (its sessions,
            supports, follows, notifications and reports), its ideas and comments stay without its name, and the security log keeps its entries until they are {securityLogDays} days
            old. If you are not satisfied with the answer, you can complain to the data protection authority of your country.
          </p>
        </>
      }
    />
  );
}

export function AccessibilityPage({ ctx, operator: o }: { ctx: ViewContext; operator: OperatorView }) {
  const date = <Time at={ACCESSIBILITY_STATEMENT_DATE} locale={ctx.locale} />;
  const missing = [!o.name && 'OPERATOR_NAME', !o.accessibilityEmail && 'ACCESSIBILITY_CONTACT_EMAIL'].filter((v): v is string => Boolean(v));
  const notice =
    missing.length > 0 ? (
      <NotConfigured
        ctx={ctx}
        names={missing}
        en={<>this site’s operator has not yet said who they are{o.accessibilityEmail ? '' : ' or where to report a problem'}.</>}
        fr={<>l’exploitant de ce site n’a pas encore indiqué qui il est{o.accessibilityEmail ? '' : ' ni où signaler un problème'}.</>}
      />
    ) : null;
  const enforcementFr = o.enforcementUrl ? (
    <p>
      Si vous n’êtes pas satisfait de la réponse, vous pouvez saisir <a href={o.enforcementUrl}>l’organisme chargé de faire respecter les règles d’accessibilité</a> pour ce site.
    </p>
  ) : (
    <p>
      Si vous n’êtes pas satisfait de la réponse, vous pouvez saisir l’organisme chargé de faire respecter les règles d’accessibilité là où vous vivez{'\u202f'}: en France, le Défenseur des
      droits{'\u202f'}; au Royaume-Uni, l’<span lang="en">Equality Advisory and Support Service</span> (EASS){'\u202f'}; ailleurs, l’organisme désigné par la loi de votre pays.
    </p>
  );
  const enforcementEn = o.enforcementUrl ? (
    <p>
      If you are not happy with the answer, you can contact <a href={o.enforcementUrl}>the body that enforces accessibility rules</a> for this site.
    </p>
  ) : (
    <p>
      If you are not happy with the answer, you can contact the body that enforces accessibility rules where you live: in the United Kingdom, the Equality Advisory and Support Service
      (EASS); in France, the <span lang="fr">Défenseur des droits</span>; elsewhere, the body your country’s law names.
    </p>
  );
  return (
    <InfoPage
      ctx={ctx}
      title="pages.accessibility.title"
      fr={
        <>
          <p>
            Cette déclaration s’applique à ce site Commonwise{o.name ? <>, exploité par <strong>{o.name}</strong></> : null}. Nous voulons que chacun puisse l’utiliser, quels que soient son
            handicap, son appareil et sa manière de naviguer.
          </p>
          {notice}
          <h2 id="status">État de conformité</h2>
          <p>
            Ce site est <strong>partiellement conforme</strong> aux Règles pour l’accessibilité des contenus web (WCAG) 2.2, niveau AA, en raison des problèmes connus listés ci-dessous.
          </p>
          <h2 id="tested">Ce qui est vérifié</h2>
          <ul>
            <li>Chaque gabarit de page est vérifié automatiquement avec axe-core et avec le validateur HTML du W3C (Nu), en anglais et en français, à chaque modification du logiciel.</li>
            <li>Les parcours principaux (s’inscrire, proposer une idée, soutenir, commenter, suivre, répondre au nom d’une collectivité) sont testés dans un navigateur avec et sans JavaScript{'\u202f'}: chaque page fonctionne sans JavaScript.</li>
            <li>L’ordre de tabulation, le focus visible, le lien d’évitement, les libellés des champs et les résumés d’erreurs reliés à chaque champ sont vérifiés par des tests automatiques.</li>
            <li>Les contrastes de couleur atteignent au moins 4,5:1, et un thème sombre suit le réglage de votre appareil.</li>
          </ul>
          <p>Aucun audit par un organisme indépendant ni aucun test avec des personnes handicapées n’a encore été mené.</p>
          <h2 id="known-issues">Problèmes connus</h2>
          <ul>
            <li>
              Les textes écrits par les participants et les collectivités (idées, commentaires, réponses officielles) ne sont pas vérifiés{'\u202f'}: un lien peut n’être décrit que par «{'\u202f'}ici{'\u202f'}», un
              tableau peut manquer d’en-têtes (WCAG 1.3.1, 2.4.4).
            </li>
            <li>
              Chaque idée et chaque commentaire est marqué dans la langue choisie par son auteur{'\u202f'}; un passage écrit dans une autre langue à l’intérieur d’un même texte n’est pas marqué
              (WCAG 3.1.2).
            </li>
            <li>Un commentaire ne peut être modifié que dans les 15 minutes qui suivent sa publication, et ce délai ne peut pas être prolongé (WCAG 2.2.1).</li>
          </ul>
          <h2 id="contact">Nous signaler un problème</h2>
          {o.accessibilityEmail ? (
            <p>
              Si une partie du site vous pose problème, ou si vous avez besoin d’un contenu sous une autre forme, écrivez à <Mail to={o.accessibilityEmail} />.
            </p>
          ) : (
            <p>Aucun contact n’a encore été configuré pour ce site (voir ci-dessus).</p>
          )}
          <h2 id="enforcement">Voies de recours</h2>
          {enforcementFr}
          <h2 id="date">Date de la déclaration</h2>
          <p>
            Cette déclaration a été établie et revue pour la dernière fois le {date}, à partir des tests que le logiciel exécute à chaque modification.
          </p>
        </>
      }
      en={
        <>
          <p>
            This statement applies to this Commonwise site{o.name ? <>, run by <strong>{o.name}</strong></> : null}. We want everyone to be able to use it, whatever their disability, device or way of
            browsing.
          </p>
          {notice}
          <h2 id="status">Compliance status</h2>
          <p>
            This site is <strong>partially compliant</strong> with the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA, because of the known issues listed below.
          </p>
          <h2 id="tested">What is checked</h2>
          <ul>
            <li>Every page template is checked automatically with axe-core and with the W3C Nu HTML validator, in English and in French, on every change to the software.</li>
            <li>The main journeys (signing up, sharing an idea, supporting, commenting, following, answering for a council) are tested in a browser with JavaScript on and off: every page works without JavaScript.</li>
            <li>Tab order, visible focus, the skip link, field labels and error summaries linked to each field are checked by automated tests.</li>
            <li>Colour contrast is at least 4.5:1, and a dark theme follows your device’s setting.</li>
          </ul>
          <p>No audit by an independent body and no testing with disabled people has been done yet.</p>
          <h2 id="known-issues">Known issues</h2>
          <ul>
            <li>Text written by participants and councils (ideas, comments, official responses) is not checked: a link may be described only as “here”, a table may lack headers (WCAG 1.3.1, 2.4.4).</li>
            <li>Each idea and comment is marked as written in the language its author chose; a passage in another language inside one text is not marked (WCAG 3.1.2).</li>
            <li>A comment can be edited only within 15 minutes of posting it, and this time cannot be extended (WCAG 2.2.1).</li>
          </ul>
          <h2 id="contact">Tell us about a problem</h2>
          {o.accessibilityEmail ? (
            <p>
              If any part of the site is hard for you to use, or you need content in another format, write to <Mail to={o.accessibilityEmail} />.
            </p>
          ) : (
            <p>No contact has been configured for this site yet (see above).</p>
          )}
          <h2 id="enforcement">Enforcement</h2>
          {enforcementEn}
          <h2 id="date">Date of this statement</h2>
          <p>This statement was prepared and last reviewed on {date}, from the tests the software runs on every change.</p>
        </>
      }
    />
  );
}
