import type { Translations } from '../../i18n/types.js';
import type { en } from './messages.en.js';

/** French messages of the admin feature: every key of messages.en.ts, checked by tsc. */
export const fr = {
  'admin.title': 'Administration de la plateforme',
  'admin.organisations.title': 'Organisations',
  'admin.accounts.title': 'Comptes',
  'admin.accounts.lead': 'Trouvez un compte par son adresse électronique pour voir combien de sessions il a et le déconnecter partout, par exemple quand une personne signale un appareil perdu ou un mot de passe volé.',
  'admin.accounts.email': 'Adresse électronique',
  'admin.accounts.find': 'Trouver le compte',
  'admin.accounts.none': 'Aucun compte n’a cette adresse électronique.',
  'admin.accounts.joined': 'Inscription',
  'admin.accounts.status': 'État',
  'admin.accounts.suspended': 'Suspendu',
  'admin.accounts.admin': 'Administrateur de la plateforme',
  'admin.accounts.active': 'Actif',
  'admin.accounts.sessions': 'Sessions en cours',
  'admin.accounts.end': 'Mettre fin à toutes les sessions',
  'admin.accounts.secondFactor': 'Second facteur',
  'admin.accounts.secondFactor.on': 'Configuré',
  'admin.accounts.secondFactor.off': 'Aucun',
  'admin.accounts.factorsReset.lead': 'Une personne qui a perdu toutes ses clés d’accès, son application d’authentification et ses codes de récupération peut demander leur retrait. Vérifiez d’abord son identité, en dehors de la plateforme (par exemple par téléphone, avec son responsable). Toutes les sessions du compte prennent fin aussi.',
  'admin.accounts.factorsReset.button': 'Retirer ses seconds facteurs',
  'admin.accounts.factorsReset': 'Ses seconds facteurs ont été retirés et ses sessions ont pris fin. La personne se connectera ensuite avec son mot de passe.',
  'admin.accounts.sessionCount': { one: '{count} session', other: '{count} sessions' },
  'admin.accounts.ended': { one: 'Toutes les sessions ont pris fin ({count}).', other: 'Toutes les sessions ont pris fin ({count}).' },
  'admin.mail.title': 'Courriels sortants',
  'admin.mail.lead':
    'Aucun serveur SMTP n’est configuré : les messages ne sont pas envoyés. Ils sont listés ici, leurs liens à usage unique masqués, et écrits en entier dans le dépôt de courriels de développement (dans le dossier de données), qui les garde {days} jours.',
  'admin.mail.masked':
    'Les liens à usage unique (pour confirmer une adresse, réinitialiser un mot de passe ou accepter une invitation) sont masqués ici : ils permettraient à quiconque les ouvre d’entrer dans le compte de quelqu’un d’autre. Seule la personne à qui le message a été envoyé reçoit un lien qui fonctionne.',
  'admin.mail.empty': 'Aucun message pour l’instant.',
  'admin.mail.to': 'Destinataire',
  'admin.mail.subject': 'Objet',
  'admin.mail.sent': 'Envoyé',
  'admin.mail.back': 'Tous les messages',
  'admin.mail.smtp': 'Un serveur SMTP est configuré : les messages sont envoyés, pas conservés ici.',

  'admin.organisations.lead': 'Créez des organisations, vérifiez leurs informations et invitez leurs premières personnes responsables.',
  'admin.organisations.empty': 'Il n’y a pas encore d’organisation.',

  'admin.jobs.title': 'Tâches en échec',
  'admin.jobs.lead':
    'Tâches de fond qui ont échoué à chaque tentative, ou dont les données n’étaient pas valides, et qui ne seront plus exécutées à moins d’être relancées.',
  'admin.jobs.empty': 'Aucune tâche en échec.',
  'admin.jobs.kind': 'Tâche',
  'admin.jobs.failedAt': 'Échec',
  'admin.jobs.attempts': 'Tentatives',
  'admin.jobs.lastError': 'Dernière erreur',
  'admin.jobs.actions': 'Actions',
  'admin.jobs.retry': 'Relancer',
  'admin.jobs.retryFor': 'Relancer la tâche {id} ({kind})',
  'admin.jobs.retried': 'La tâche {id} ({kind}) est de nouveau en file d’attente et sera exécutée sous peu.',
  'admin.jobs.notDead': 'Cette tâche n’est pas en échec, ou a déjà été relancée : il n’y a rien à relancer.',
} satisfies Translations<typeof en>;
