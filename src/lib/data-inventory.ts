import { SECURITY_LOG_DAYS } from './security-log.js';

/**
 * The data inventory (issue 14, point 6; docs/security/data-inventory.md): every table of the
 * database, the personal data its columns hold, why, and how long it is kept — and, for the
 * privacy notice, what it says about each in English and French. The "What we keep, and for how
 * long" table of /privacy is made from this list (privacyInventory), so the notice cannot say
 * something the inventory does not.
 *
 * tests/unit/data-inventory.test.ts fails until a new table (or a column that points at a
 * person) is listed here; tests/integration/data-inventory.test.ts checks that every period the
 * daily clean-up is said to enforce is enforced, and that /privacy shows every line of it.
 *
 * Adding a table is one object in DATA_INVENTORY: `personalData: []` when it holds none.
 */

/** Text of the privacy notice, in both languages (French with a narrow no-break space, U+202F, before : ; ? ! and inside « »). */
export type Text = { en: string; fr: string };

/** The periods that come from a setting or a constant, rather than a fixed number of days. */
export type DaysSetting = 'RETENTION_DAYS' | 'MODERATION_ERASE_DAYS' | 'SECURITY_LOG_DAYS';

/** What the period counts from. */
export type After = 'end' | 'expiry' | 'creation' | 'read' | 'finish' | 'voting-end' | 'decision';

/**
 * The parts of the daily clean-up's report (CleanUpReport in src/features/housekeeping/clean-up.ts,
 * which this layer may not import: tests/unit/data-inventory.test.ts checks the two are the same).
 */
export const HOUSEKEEPING_PARTS = [
  'sessions',
  'tokens',
  'invitations',
  'judgeInvitations',
  'submissionKeys',
  'rateLimits',
  'jobs',
  'notifications',
  'outbox',
  'voteOrigins',
  'securityEvents',
] as const;
export type HousekeepingPart = (typeof HOUSEKEEPING_PARTS)[number];

/**
 * What enforces a period: a part of the daily clean-up (job 'housekeeping.clean'), the same job's
 * expiry of the development mail spool, or another scheduled job kind.
 */
export type EnforcedBy = HousekeepingPart | 'mailSpool' | 'moderation.erase';

/** How long something is kept. */
export type Keep =
  /** As long as the account exists: deleting the account deletes it (or unlinks it: a foreign key's ON DELETE). */
  | { kind: 'account' }
  /** For a period after an event, then deleted or erased by a scheduled job. */
  | { kind: 'days'; days: number | DaysSetting; after: After; enforcedBy: EnforcedBy }
  /** Kept: the platform's record, or public content; `why` is what the notice says. */
  | { kind: 'kept'; why: Text };

/** Why the platform holds it, in a word. */
export type Basis = 'service' | 'security' | 'integrity' | 'record';

/** One kind of personal data a table holds: in which columns (SQL names), why, for how long, and which line of the notice tells people. */
export type PersonalData = {
  columns: readonly string[];
  why: string;
  basis: Basis;
  keep: Keep;
  notice: NoticeKey;
};

export type InventoryEntry = {
  /** The table's SQL name. */
  table: string;
  /** What the table is for. */
  purpose: string;
  /** Empty when the table holds no personal data (listed all the same, so no table is added unseen). */
  personalData: readonly PersonalData[];
};

/** A store of personal data that is not a table (files the server writes). */
export type OtherStore = { store: string; purpose: string; personalData: readonly PersonalData[] };

const N = '\u202f';

/**
 * The privacy notice's lines, in the order it shows them: a short name and what is kept and why.
 * How long is not written here: it is made from the `keep` of the data that point at the line.
 */
export const NOTICE = {
  account: {
    title: { en: 'Your account', fr: 'Votre compte' },
    text: {
      en: 'Your display name, email address and preferred language, when you joined and, if you write one, a short introduction; an argon2id hash of your password, never the password itself. Your name and introduction are public; your email address is not (see “Your addresses”).',
      fr: `Votre nom affiché, votre adresse électronique et votre langue préférée, la date de votre inscription et, si vous l’écrivez, une courte présentation${N}; un condensé (hachage argon2id) de votre mot de passe, jamais le mot de passe lui-même. Votre nom et votre présentation sont publics, votre adresse électronique ne l’est pas (voir «${N}Vos adresses${N}»).`,
    },
  },
  sessions: {
    title: { en: 'Your sessions', fr: 'Vos sessions' },
    text: {
      en: 'For each browser you sign in with: its browser and system family (such as “Firefox · Windows”; never the full User-Agent string, an address or a place), when you signed in and when it was last used, so that you can see your sessions and end them. A session ends after 7 days without use, and at the latest 30 days after signing in.',
      fr: `Pour chaque navigateur avec lequel vous vous connectez${N}: sa famille de navigateur et de système (par exemple «${N}Firefox · Windows${N}»${N}; jamais la chaîne User-Agent complète, une adresse ni un lieu), la date de connexion et celle de la dernière utilisation, pour que vous puissiez voir vos sessions et y mettre fin. Une session prend fin après 7 jours sans utilisation, et au plus tard 30 jours après la connexion.`,
    },
  },
  secondFactor: {
    title: { en: 'Your second factor', fr: 'Votre second facteur' },
    text: {
      en: 'If you add one: your passkeys (the name you give each, its public key, which is not a secret, and when it was last used), your authenticator app’s secret, sealed under the server’s key, and a keyed hash of each recovery code not yet used (a used code is deleted).',
      fr: `Si vous en ajoutez un${N}: vos clés d’accès (le nom que vous donnez à chacune, sa clé publique, qui n’est pas un secret, et la date de sa dernière utilisation), le secret de votre application d’authentification, scellé sous la clé du serveur, et un condensé à clé de chaque code de secours pas encore utilisé (un code utilisé est supprimé).`,
    },
  },
  links: {
    title: { en: 'Links sent by email', fr: 'Liens envoyés par courriel' },
    text: {
      en: 'Links to confirm your email address or reset your password, and invitations to join an organisation or a judging panel: only a hash of a link’s secret code is stored, with whom it is for (your account, or the address an invitation went to) and who sent an invitation. A link stops working after 1 to 24 hours, an invitation after 7 days.',
      fr: `Les liens pour confirmer votre adresse électronique ou réinitialiser votre mot de passe, et les invitations à rejoindre une organisation ou un jury${N}: seul un condensé du code secret d’un lien est conservé, avec son destinataire (votre compte, ou l’adresse à laquelle une invitation a été envoyée) et l’auteur d’une invitation. Un lien cesse de fonctionner après 1 à 24 heures, une invitation après 7 jours.`,
    },
  },
  contributions: {
    title: { en: 'Your contributions', fr: 'Vos contributions' },
    text: {
      en: 'Your ideas and comments, with the language you wrote them in, the earlier versions of an idea you edited, your reason if you withdraw one, and whether you confirmed a competition’s rules. They are public under your display name, except drafts. A comment you delete loses its text at once.',
      fr: `Vos idées et commentaires, avec la langue dans laquelle vous les avez écrits, les versions précédentes d’une idée que vous avez modifiée, votre motif si vous en retirez une, et le fait que vous avez confirmé le règlement d’un concours. Ils sont publics sous votre nom affiché, sauf les brouillons. Un commentaire que vous supprimez perd son texte aussitôt.`,
    },
  },
  supports: {
    title: { en: 'What you support and follow', fr: 'Ce que vous soutenez et suivez' },
    text: {
      en: 'The ideas you support, how many supports you have used in each challenge, and what you follow. Only you see them; a council’s staff see supports only as short references, in the report described under “When you support an idea”.',
      fr: `Les idées que vous soutenez, le nombre de soutiens que vous avez utilisés dans chaque défi, et ce que vous suivez. Vous seul les voyez${N}; le personnel d’une collectivité ne voit les soutiens que sous forme de courtes références, dans le rapport décrit sous «${N}Quand vous soutenez une idée${N}».`,
    },
  },
  supportOrigins: {
    title: { en: 'Where a support came from', fr: 'L’origine d’un soutien' },
    text: {
      en: 'Two keyed hashes kept with each support, one of your network and one of your browser’s User-Agent string, to find votes being gamed (see “When you support an idea”).',
      fr: `Deux condensés à clé conservés avec chaque soutien, l’un de votre réseau et l’autre de la chaîne User-Agent de votre navigateur, pour repérer les votes manipulés (voir «${N}Quand vous soutenez une idée${N}»).`,
    },
  },
  notifications: {
    title: { en: 'Your notifications', fr: 'Vos notifications' },
    text: {
      en: 'What happened that concerns you (a reply, an answer to your idea, news of what you follow), as codes and links rather than anyone’s words. The ones you have not read stay as long as your account exists.',
      fr: `Ce qui s’est passé et vous concerne (une réponse, une réponse officielle à votre idée, des nouvelles de ce que vous suivez), sous forme de codes et de liens plutôt que des mots de quiconque. Celles que vous n’avez pas lues restent tant que votre compte existe.`,
    },
  },
  record: {
    title: { en: 'The record of what happened', fr: 'Le journal de ce qui s’est passé' },
    text: {
      en: 'Who did what and when on the platform (posting, supporting, editing, moderating, judging), as identifiers and codes, without the text of what anyone wrote. It is the platform’s audit trail, and notifications are made from it.',
      fr: `Qui a fait quoi et quand sur la plateforme (publier, soutenir, modifier, modérer, juger), sous forme d’identifiants et de codes, sans le texte de ce que chacun a écrit. C’est la trace de l’activité de la plateforme, et les notifications en sont tirées.`,
    },
  },
  securityLog: {
    title: { en: 'The security log', fr: 'Le journal de sécurité' },
    text: {
      en: 'Sign-ins, sign-outs, password changes, ended sessions, refused requests, repeated attempts and administrators’ actions: which account, a keyed hash of your device’s IP address (never the address), when, and with what outcome, to detect and investigate attacks on accounts. It cannot be altered, and stays after an account is deleted.',
      fr: `Les connexions, déconnexions, changements de mot de passe, fins de session, requêtes refusées, tentatives répétées et actions des administrateurs${N}: quel compte, un condensé à clé de l’adresse IP de votre appareil (jamais l’adresse elle-même), quand et avec quel résultat, pour détecter les attaques contre les comptes et enquêter sur elles. Il ne peut pas être modifié, et reste après la suppression d’un compte.`,
    },
  },
  counters: {
    title: { en: 'Counters of repeated attempts', fr: 'Compteurs de tentatives répétées' },
    text: {
      en: 'To slow down repeated attempts (signing in, creating accounts, resetting passwords, posting): counters kept under a keyed hash of your device’s IP address, of your email address or of your account (see “Your addresses”).',
      fr: `Pour freiner les tentatives répétées (connexion, création de compte, réinitialisation du mot de passe, publication)${N}: des compteurs enregistrés sous un condensé à clé de l’adresse IP de votre appareil, de votre adresse électronique ou de votre compte (voir «${N}Vos adresses${N}»).`,
    },
  },
  submissions: {
    title: { en: 'Forms sent twice', fr: 'Formulaires envoyés deux fois' },
    text: {
      en: 'A key for each form you open to post something, with your account, so that a form sent twice makes one idea or comment, not two.',
      fr: 'Une clé pour chaque formulaire de publication que vous ouvrez, avec votre compte, pour qu’un formulaire envoyé deux fois ne crée qu’une idée ou un commentaire, pas deux.',
    },
  },
  jobs: {
    title: { en: 'Background tasks', fr: 'Tâches de fond' },
    text: {
      en: 'Work done after a request, such as a message waiting to be sent: which account or item it concerns (as identifiers), and its last error if it failed. A task waiting to run is kept until it has run.',
      fr: `Le travail fait après une requête, comme un message à envoyer${N}: le compte ou l’élément concerné (sous forme d’identifiants), et sa dernière erreur en cas d’échec. Une tâche en attente est conservée jusqu’à son exécution.`,
    },
  },
  outbox: {
    title: { en: 'Messages on a site without a mail server', fr: 'Messages sur un site sans serveur de messagerie' },
    text: {
      en: 'When the site has no mail server (a test or evaluation site), the messages it would have sent you (your email address, the subject and the text, with one-time links masked) are kept for its administrators to read instead.',
      fr: 'Quand le site n’a pas de serveur de messagerie (un site de test ou d’évaluation), les messages qu’il vous aurait envoyés (votre adresse électronique, l’objet et le texte, les liens à usage unique masqués) sont conservés pour que ses administrateurs les lisent.',
    },
  },
  mailSpool: {
    title: { en: 'The development mail spool', fr: 'Le dépôt de messages de développement' },
    text: {
      en: 'On such a site, each message is also written to a file on the server, with its working links, for the people testing it.',
      fr: 'Sur un tel site, chaque message est aussi écrit dans un fichier sur le serveur, avec ses liens utilisables, pour les personnes qui le testent.',
    },
  },
  reports: {
    title: { en: 'Your reports', fr: 'Vos signalements' },
    text: {
      en: 'What you report, the reason and, if you write one, a note. Moderators see who reported something; its author never does. You are told the outcome.',
      fr: `Ce que vous signalez, le motif et, si vous l’écrivez, une note. Les modérateurs voient qui a signalé${N}; l’auteur, jamais. Vous êtes informé de la décision.`,
    },
  },
  moderation: {
    title: { en: 'Moderation', fr: 'Modération' },
    text: {
      en: 'Reported content as it was when first reported; each moderation decision, with the moderator, the rule, their reasons and what the author was told; an appeal and its note; a suspension, or a moderator’s say on how far an account is trusted. Hidden content is not erased at once, so that a review or a lawful request stays possible.',
      fr: `Le contenu signalé tel qu’il était au premier signalement${N}; chaque décision de modération, avec le modérateur, la règle, ses motifs et ce qui a été dit à l’auteur${N}; une demande de réexamen et sa note${N}; une suspension, ou l’avis d’un modérateur sur la confiance accordée à un compte. Un contenu masqué n’est pas effacé tout de suite, pour qu’un réexamen ou une demande légale reste possible.`,
    },
  },
  staff: {
    title: { en: 'If you work for an organisation', fr: 'Si vous travaillez pour une organisation' },
    text: {
      en: 'Your role and role title, whether you are listed on its page, and whether you are a platform administrator or moderator; what you did in that role, under your name: official responses (signed with your name and role title as they were), edits to challenges, decisions on supports, shortlists, eligibility, ties, awards and results. A council’s safeguarding contact address, if it gives one.',
      fr: `Votre rôle et votre intitulé de poste, si vous figurez sur sa page, et si vous êtes administrateur ou modérateur de la plateforme${N}; ce que vous avez fait dans ce rôle, sous votre nom${N}: réponses officielles (signées de votre nom et de votre intitulé de poste tels qu’ils étaient), modifications de défis, décisions sur les soutiens, présélections, recevabilité, départages, prix et résultats. L’adresse du contact de protection d’une collectivité, si elle en donne une.`,
    },
  },
  judging: {
    title: { en: 'If you judge a challenge', fr: 'Si vous êtes juré d’un défi' },
    text: {
      en: 'That you accepted the confidentiality statement, any conflict of interest you declare, your scores and comments (which the council’s staff see), your private notes (which only you see), the reminders sent to you, and the reason if staff remove you from the panel. The published results show scores without judges’ names, and name the panel only if the council chooses to.',
      fr: `Votre acceptation de l’engagement de confidentialité, les conflits d’intérêts que vous déclarez, vos notes et commentaires (que le personnel de la collectivité voit), vos remarques privées (que vous seul voyez), les rappels qui vous sont envoyés, et le motif si le personnel vous retire du jury. Les résultats publiés montrent les notes sans le nom des jurés, et ne nomment le jury que si la collectivité le choisit.`,
    },
  },
} as const satisfies Record<string, { title: Text; text: Text }>;
export type NoticeKey = keyof typeof NOTICE;

// ---- Periods and reasons shared by many tables ----

const ACCOUNT: Keep = { kind: 'account' };
const after = (a: After, enforcedBy: EnforcedBy, days: number | DaysSetting = 'RETENTION_DAYS'): Keep => ({ kind: 'days', days, after: a, enforcedBy });
/** Hidden by a moderator: its words erased MODERATION_ERASE_DAYS after the decision (src/features/moderation/erase.ts). */
const ERASED_IF_HIDDEN: Keep = after('decision', 'moderation.erase', 'MODERATION_ERASE_DAYS');
const PUBLIC_CONTRIBUTION: Keep = {
  kind: 'kept',
  why: {
    en: 'Kept without your name once your account is deleted, so that discussions still make sense.',
    fr: 'Conservées sans votre nom une fois votre compte supprimé, pour que les discussions restent lisibles.',
  },
};
const HISTORY: Keep = {
  kind: 'kept',
  why: {
    en: 'Kept: it is the platform’s history of its activity. Once an account is deleted, its entries no longer name it.',
    fr: `Conservé${N}: c’est l’historique de l’activité de la plateforme. Une fois un compte supprimé, ses entrées ne le désignent plus.`,
  },
};
const MODERATION_RECORD: Keep = {
  kind: 'kept',
  why: {
    en: 'Decisions are kept: they are the record of moderation, summarised in the public moderation log.',
    fr: `Les décisions sont conservées${N}: elles sont la trace de la modération, résumée dans le journal public de modération.`,
  },
};
const SIGNED_RESPONSE: Keep = {
  kind: 'kept',
  why: {
    en: 'Official responses stay signed as they were published: they are the council’s public record.',
    fr: `Les réponses officielles restent signées telles qu’elles ont été publiées${N}: elles sont la trace publique de la collectivité.`,
  },
};
const ORGANISATION_CONTACT: Keep = {
  kind: 'kept',
  why: {
    en: 'A safeguarding contact: as long as the organisation is on the site, or until it changes it.',
    fr: `Le contact de protection${N}: tant que l’organisation est sur le site, ou jusqu’à ce qu’elle le change.`,
  },
};

/** Who did something for an organisation (a `*_by` column): unlinked when their account is deleted (ON DELETE SET NULL). */
const staffAct = (columns: readonly string[], why: string): PersonalData => ({ columns, why, basis: 'record', keep: ACCOUNT, notice: 'staff' });

/** Every table of the database (src/db/schema), grouped by schema file. */
export const DATA_INVENTORY: readonly InventoryEntry[] = [
  // ---- users.ts ----
  {
    table: 'users',
    purpose: 'Accounts: signing in, the name shown with contributions, the language of pages and mail.',
    personalData: [
      { columns: ['email', 'display_name', 'password_hash', 'email_verified_at', 'locale', 'bio', 'created_at'], why: 'the account itself', basis: 'service', keep: ACCOUNT, notice: 'account' },
      { columns: ['bio'], why: 'a profile text hidden by a moderator is erased after the period', basis: 'integrity', keep: ERASED_IF_HIDDEN, notice: 'moderation' },
      { columns: ['profile_hidden_at', 'profile_hidden_rule', 'trust', 'suspended_at', 'suspended_until'], why: 'moderation of the account', basis: 'integrity', keep: ACCOUNT, notice: 'moderation' },
      { columns: ['is_admin', 'is_moderator'], why: 'platform roles', basis: 'service', keep: ACCOUNT, notice: 'staff' },
    ],
  },
  {
    table: 'sessions',
    purpose: 'Signed-in browsers (decision 0062): the cookie’s hashed id, the CSRF token, and what "Your sessions" shows.',
    personalData: [
      { columns: ['user_id', 'device', 'created_at', 'last_used_at', 'authenticated_at'], why: 'keeping people signed in, and letting them see and end their sessions', basis: 'security', keep: after('end', 'sessions'), notice: 'sessions' },
    ],
  },
  {
    table: 'user_tokens',
    purpose: 'Single-use links to confirm an address or reset a password (hash only).',
    personalData: [{ columns: ['user_id', 'purpose', 'used_at'], why: 'whose link it is', basis: 'service', keep: after('expiry', 'tokens'), notice: 'links' }],
  },
  // ---- second-factor.ts ----
  {
    table: 'passkeys',
    purpose: 'A person’s passkeys (WebAuthn credentials).',
    personalData: [
      { columns: ['user_id', 'credential_id', 'public_key', 'counter', 'transports', 'name', 'created_at', 'last_used_at'], why: 'signing in with a passkey', basis: 'security', keep: ACCOUNT, notice: 'secondFactor' },
    ],
  },
  {
    table: 'totp_factors',
    purpose: 'A person’s authenticator app (TOTP), its secret sealed under the server’s key.',
    personalData: [{ columns: ['user_id', 'secret_sealed', 'last_step', 'confirmed_at', 'created_at'], why: 'the second factor', basis: 'security', keep: ACCOUNT, notice: 'secondFactor' }],
  },
  {
    table: 'recovery_codes',
    purpose: 'Single-use recovery codes (keyed hashes), deleted when used.',
    personalData: [{ columns: ['user_id', 'code_hash', 'created_at'], why: 'getting back in without the second factor', basis: 'security', keep: ACCOUNT, notice: 'secondFactor' }],
  },
  // ---- organisations.ts ----
  {
    table: 'organisations',
    purpose: 'Councils and partners.',
    personalData: [{ columns: ['safeguarding_email'], why: 'reports that someone may be at risk reach the council at once', basis: 'integrity', keep: ORGANISATION_CONTACT, notice: 'staff' }],
  },
  {
    table: 'memberships',
    purpose: 'Who works for which organisation, in which role.',
    personalData: [{ columns: ['user_id', 'role', 'title', 'listed_publicly'], why: 'staff rights and the organisation’s public page', basis: 'service', keep: ACCOUNT, notice: 'staff' }],
  },
  {
    table: 'invitations',
    purpose: 'Invitations to join an organisation (the link names the invitation; only the invited account can accept it).',
    personalData: [
      { columns: ['email', 'title', 'invited_by', 'accepted_by'], why: 'whom the invitation is for, and who sent it', basis: 'service', keep: after('expiry', 'invitations'), notice: 'links' },
    ],
  },
  // ---- jobs.ts ----
  {
    table: 'jobs',
    purpose: 'The background job queue.',
    personalData: [{ columns: ['payload', 'last_error'], why: 'what the job works on (ids), and why it failed', basis: 'service', keep: after('finish', 'jobs'), notice: 'jobs' }],
  },
  {
    table: 'outbox_messages',
    purpose: 'Mail "sent" without an SMTP server (development and evaluation), readable by platform admins.',
    personalData: [{ columns: ['to', 'subject', 'text', 'file'], why: 'letting admins read mail the site could not send', basis: 'service', keep: after('creation', 'outbox'), notice: 'outbox' }],
  },
  // ---- security.ts ----
  {
    table: 'rate_limits',
    purpose: 'Rate-limit counters, keyed by a keyed hash of an address, an email address or a user id.',
    personalData: [{ columns: ['key'], why: 'slowing down repeated attempts', basis: 'security', keep: after('expiry', 'rateLimits'), notice: 'counters' }],
  },
  {
    table: 'submission_keys',
    purpose: 'One key per form shown, so a form sent twice creates one row.',
    personalData: [{ columns: ['user_id', 'result_id'], why: 'answering a repeated submission with the first result', basis: 'service', keep: after('creation', 'submissionKeys'), notice: 'submissions' }],
  },
  {
    table: 'security_events',
    purpose: 'The append-only security event log (src/lib/security-log.ts, docs/security/logging.md).',
    personalData: [
      {
        columns: ['user_id', 'address_hash', 'request_id', 'kind', 'outcome', 'detail', 'at'],
        why: 'detecting and investigating attacks on accounts',
        basis: 'security',
        keep: after('creation', 'securityEvents', 'SECURITY_LOG_DAYS'),
        notice: 'securityLog',
      },
    ],
  },
  // ---- challenges.ts ----
  { table: 'topics', purpose: 'The shared tag vocabulary.', personalData: [] },
  {
    table: 'challenges',
    purpose: 'Councils’ challenges (council content, not personal).',
    personalData: [staffAct(['created_by'], 'who created the challenge')],
  },
  { table: 'challenge_topics', purpose: 'A challenge’s topics.', personalData: [] },
  {
    table: 'challenge_revisions',
    purpose: 'Each edit of a published challenge (council content).',
    personalData: [staffAct(['edited_by'], 'who edited the challenge')],
  },
  // ---- ideas.ts ----
  {
    table: 'ideas',
    purpose: 'Ideas people submit to challenges.',
    personalData: [
      { columns: ['author_id', 'rules_confirmed_at'], why: 'whose idea it is', basis: 'service', keep: ACCOUNT, notice: 'contributions' },
      {
        columns: ['title', 'summary', 'description', 'description_html', 'language', 'withdraw_explanation'],
        why: 'the idea, public',
        basis: 'service',
        keep: PUBLIC_CONTRIBUTION,
        notice: 'contributions',
      },
      { columns: ['title', 'summary', 'description', 'description_html', 'withdraw_explanation'], why: 'hidden content, kept for appeals', basis: 'integrity', keep: ERASED_IF_HIDDEN, notice: 'contributions' },
    ],
  },
  { table: 'idea_topics', purpose: 'An idea’s topics.', personalData: [] },
  {
    table: 'idea_revisions',
    purpose: 'Earlier versions of an edited idea.',
    personalData: [
      { columns: ['title', 'summary', 'description'], why: 'an idea’s history, public with it', basis: 'service', keep: PUBLIC_CONTRIBUTION, notice: 'contributions' },
      { columns: ['title', 'summary', 'description'], why: 'hidden content, kept for appeals', basis: 'integrity', keep: ERASED_IF_HIDDEN, notice: 'contributions' },
    ],
  },
  // ---- votes.ts ----
  {
    table: 'vote_set_asides',
    purpose: 'Staff decisions to set supports aside (the reason carries no personal data, by design).',
    personalData: [staffAct(['decided_by'], 'who set supports aside')],
  },
  {
    table: 'idea_votes',
    purpose: 'Supports: one row per idea and supporter.',
    personalData: [
      { columns: ['user_id', 'created_at', 'set_aside_id'], why: 'one support per person, and their own list', basis: 'service', keep: ACCOUNT, notice: 'supports' },
      { columns: ['network', 'agent'], why: 'the anomaly report while the vote is looked at', basis: 'integrity', keep: after('voting-end', 'voteOrigins'), notice: 'supportOrigins' },
    ],
  },
  {
    table: 'challenge_voters',
    purpose: 'Supports used per person and challenge (the budget check).',
    personalData: [{ columns: ['user_id', 'votes_used'], why: 'the vote budget', basis: 'service', keep: ACCOUNT, notice: 'supports' }],
  },
  // ---- comments.ts ----
  {
    table: 'comments',
    purpose: 'Threaded discussion on subjects.',
    personalData: [
      { columns: ['author_id'], why: 'whose comment it is', basis: 'service', keep: ACCOUNT, notice: 'contributions' },
      { columns: ['body', 'body_html', 'language'], why: 'the comment, public', basis: 'service', keep: PUBLIC_CONTRIBUTION, notice: 'contributions' },
      { columns: ['body', 'body_html'], why: 'hidden content, kept for appeals', basis: 'integrity', keep: ERASED_IF_HIDDEN, notice: 'contributions' },
    ],
  },
  // ---- responses.ts ----
  {
    table: 'idea_responses',
    purpose: 'Official answers on ideas by council staff.',
    personalData: [
      staffAct(['author_id'], 'who answered'),
      { columns: ['author_name', 'role_title'], why: 'the signature of a public official answer', basis: 'record', keep: SIGNED_RESPONSE, notice: 'staff' },
    ],
  },
  // ---- follows.ts ----
  {
    table: 'follows',
    purpose: 'Who follows which subject.',
    personalData: [{ columns: ['user_id', 'subject_id', 'created_at'], why: 'notifications about what people follow', basis: 'service', keep: ACCOUNT, notice: 'supports' }],
  },
  // ---- subjects.ts ----
  { table: 'subjects', purpose: 'Everything people discuss, follow, report and find (one row per idea, challenge …).', personalData: [] },
  // ---- events.ts ----
  {
    table: 'events',
    purpose: 'Domain events: the audit record, and what subscribers are fed from.',
    personalData: [
      { columns: ['actor_id'], why: 'who did it', basis: 'record', keep: ACCOUNT, notice: 'record' },
      { columns: ['entity_id', 'payload', 'occurred_at'], why: 'what happened, as ids and codes', basis: 'record', keep: HISTORY, notice: 'record' },
    ],
  },
  {
    table: 'notifications',
    purpose: 'In-app notifications, one per person and event.',
    personalData: [
      { columns: ['user_id', 'event_id', 'subject_id', 'reason', 'message', 'params', 'read_at'], why: 'telling people what concerns them', basis: 'service', keep: after('read', 'notifications'), notice: 'notifications' },
    ],
  },
  { table: 'challenge_milestones', purpose: 'A challenge’s dated milestones already announced.', personalData: [] },
  // ---- page-versions.ts ----
  { table: 'page_versions', purpose: 'Versions the anonymous page cache keys on.', personalData: [] },
  // ---- moderation.ts ----
  {
    table: 'moderation_items',
    purpose: 'One row per reported or held thing: the moderation queue.',
    personalData: [
      { columns: ['author_id', 'target_id', 'state', 'rule', 'decided_at', 'appealed_at', 'appeal_note'], why: 'the record of moderation', basis: 'integrity', keep: MODERATION_RECORD, notice: 'moderation' },
      { columns: ['snapshot'], why: 'what was reported, as it was', basis: 'integrity', keep: ERASED_IF_HIDDEN, notice: 'moderation' },
      { columns: ['decided_by'], why: 'which moderator decided', basis: 'integrity', keep: ACCOUNT, notice: 'moderation' },
    ],
  },
  {
    table: 'moderation_decisions',
    purpose: 'Every moderation decision.',
    personalData: [
      { columns: ['moderator_id'], why: 'which moderator decided', basis: 'integrity', keep: ACCOUNT, notice: 'moderation' },
      { columns: ['action', 'rule', 'note', 'message'], why: 'the record of moderation, and the author’s history', basis: 'integrity', keep: MODERATION_RECORD, notice: 'moderation' },
    ],
  },
  {
    table: 'reports',
    purpose: 'People’s reports of an item.',
    personalData: [{ columns: ['reporter_id', 'reason', 'note', 'created_at', 'closed_at'], why: 'the moderation queue, and telling the reporter the outcome', basis: 'integrity', keep: ACCOUNT, notice: 'reports' }],
  },
  // ---- judging.ts ----
  { table: 'rubric_criteria', purpose: 'A challenge’s public judging rubric.', personalData: [] },
  {
    table: 'judging_settings',
    purpose: 'A challenge’s judging method and announced results.',
    personalData: [staffAct(['announced_by'], 'who announced the results')],
  },
  {
    table: 'judge_invitations',
    purpose: 'Invitations to judge a challenge (the link names the invitation; only the invited account can accept it).',
    personalData: [{ columns: ['email', 'invited_by', 'accepted_by'], why: 'whom the invitation is for, and who sent it', basis: 'service', keep: after('expiry', 'judgeInvitations'), notice: 'links' }],
  },
  {
    table: 'judges',
    purpose: 'A challenge’s judging panel.',
    personalData: [
      { columns: ['user_id', 'confidentiality_at', 'removed_at', 'removed_reason', 'reminded_at'], why: 'who judges, and their undertaking', basis: 'service', keep: ACCOUNT, notice: 'judging' },
      staffAct(['removed_by'], 'who removed a judge'),
    ],
  },
  {
    table: 'shortlist',
    purpose: 'Ideas shortlisted for judging.',
    personalData: [staffAct(['added_by'], 'who shortlisted the idea')],
  },
  {
    table: 'ineligible_ideas',
    purpose: 'Ideas found ineligible, with the reason their author sees.',
    personalData: [staffAct(['decided_by'], 'who decided')],
  },
  {
    table: 'judge_assignments',
    purpose: 'A judge’s work on one idea: conflict, scores, comments, notes.',
    personalData: [
      {
        columns: ['judge_id', 'conflict', 'conflict_reason', 'values', 'comments', 'notes', 'state', 'saved_at', 'submitted_at'],
        why: 'judging, and the record of how results were reached',
        basis: 'service',
        keep: ACCOUNT,
        notice: 'judging',
      },
    ],
  },
  {
    table: 'tie_breaks',
    purpose: 'Staff decisions on ties.',
    personalData: [staffAct(['decided_by'], 'who decided')],
  },
  {
    table: 'awards',
    purpose: 'Awards: places, mentions, the people’s choice.',
    personalData: [staffAct(['created_by'], 'who made the award')],
  },
  {
    table: 'result_corrections',
    purpose: 'Recorded changes to announced results.',
    personalData: [staffAct(['decided_by'], 'who decided')],
  },
  {
    table: 'next_steps',
    purpose: '"What happens next" after results, every version kept.',
    personalData: [staffAct(['edited_by'], 'who wrote it')],
  },
];

/** Personal data kept outside the database. */
export const OTHER_STORES: readonly OtherStore[] = [
  {
    store: 'DATA_DIR/mail (the development mail spool, src/jobs/mail.ts)',
    purpose: 'Mail written to files when no SMTP_URL is set: for development and evaluation only.',
    // MAIL_SPOOL_DAYS (src/jobs/mail.ts); the test checks they agree.
    personalData: [{ columns: [], why: 'letting the people testing a site read its mail', basis: 'service', keep: after('creation', 'mailSpool', 7), notice: 'mailSpool' }],
  },
];

// ---- The privacy notice's table ----

/** The settings that periods depend on (src/config.ts). */
export type RetentionSettings = { retentionDays: number; eraseDays: number };

/** The number of days a period stands for on this site; 0: never (MODERATION_ERASE_DAYS=0 turns erasure off). */
export function periodDays(days: number | DaysSetting, s: RetentionSettings): number {
  switch (days) {
    case 'RETENTION_DAYS':
      return s.retentionDays;
    case 'MODERATION_ERASE_DAYS':
      return s.eraseDays;
    case 'SECURITY_LOG_DAYS':
      return SECURITY_LOG_DAYS;
    default:
      return days;
  }
}

const AFTER: Record<After, (n: number) => Text> = {
  end: (n) => ({ en: `Deleted ${n} days after it ends.`, fr: `Suppression ${n} jours après sa fin.` }),
  expiry: (n) => ({ en: `Deleted ${n} days after it expires.`, fr: `Suppression ${n} jours après son expiration.` }),
  creation: (n) => ({ en: `Deleted ${n} days after it is made.`, fr: `Suppression ${n} jours après sa création.` }),
  read: (n) => ({ en: `Deleted ${n} days after you read it.`, fr: `Suppression ${n} jours après sa lecture.` }),
  finish: (n) => ({ en: `Deleted ${n} days after it finishes or fails for good.`, fr: `Suppression ${n} jours après la fin de la tâche ou son échec définitif.` }),
  'voting-end': (n) => ({ en: `Erased ${n} days after the challenge’s voting ends.`, fr: `Effacement ${n} jours après la fin du vote du défi.` }),
  decision: (n) => ({
    en: `If a moderator hides it: its words are erased ${n} days after that decision (the record of the decision stays).`,
    fr: `En cas de masquage par un modérateur${N}: effacement du texte ${n} jours après cette décision (la trace de la décision reste).`,
  }),
};

/** What the notice says about one period, in both languages. */
export function howLong(keep: Keep, s: RetentionSettings): Text {
  switch (keep.kind) {
    case 'account':
      return { en: 'As long as your account exists.', fr: 'Tant que votre compte existe.' };
    case 'kept':
      return keep.why;
    case 'days': {
      const n = periodDays(keep.days, s);
      if (n === 0 && keep.after === 'decision') {
        return {
          en: 'If a moderator hides it: kept for a review or a lawful request (this site does not erase hidden content automatically).',
          fr: `En cas de masquage par un modérateur${N}: conservation pour un réexamen ou une demande légale (ce site n’efface pas automatiquement les contenus masqués).`,
        };
      }
      return AFTER[keep.after](n);
    }
  }
}

/** One line of the notice's table, in one language. */
export type PrivacyRow = { id: NoticeKey; title: string; text: string; howLong: string[] };

/**
 * The privacy notice's "What we keep, and for how long" table, made from the inventory: one row
 * per notice line that some personal data points at, in NOTICE's order, with each distinct
 * period of that data (as long as the account exists, then kept, then the enforced periods).
 */
export function privacyInventory(s: RetentionSettings): { en: PrivacyRow[]; fr: PrivacyRow[] } {
  const periods = new Map<NoticeKey, Text[]>();
  // The account first, then what is kept, then the periods a job enforces.
  const rank = { account: 0, kept: 1, days: 2 } as const;
  const all = [...DATA_INVENTORY, ...OTHER_STORES].flatMap((e) => e.personalData).sort((a, b) => rank[a.keep.kind] - rank[b.keep.kind]);
  for (const data of all) {
    const list = periods.get(data.notice) ?? [];
    const text = howLong(data.keep, s);
    if (!list.some((t) => t.en === text.en)) list.push(text);
    periods.set(data.notice, list);
  }
  const keys = (Object.keys(NOTICE) as NoticeKey[]).filter((k) => periods.has(k));
  const rows = (lang: 'en' | 'fr') =>
    keys.map((id) => ({ id, title: NOTICE[id].title[lang], text: NOTICE[id].text[lang], howLong: periods.get(id)!.map((t) => t[lang]) }));
  return { en: rows('en'), fr: rows('fr') };
}
