import type { Translations } from '../../i18n/types.js';
import type { en } from './messages.en.js';

/** French messages of the notifications feature. */
export const fr = {
  'notifications.title': 'Notifications',
  'notifications.account.label': 'À propos de',
  'notifications.account.title': 'votre compte et vos signalements',
  'notifications.empty': 'Aucune notification pour l’instant. Suivez des idées et des défis pour savoir quand ils changent ; les réponses à vos commentaires arrivent aussi ici.',
  'notifications.new': 'Nouveau :',
  'notifications.readAll': 'Tout marquer comme lu',
  'notifications.markRead': 'Marquer comme lu',
  'notifications.markReadOf': 'Marquer comme lu : {text}',
  'notifications.stopFollowing': 'Ne plus suivre',
  'notifications.someone': 'Quelqu’un',
  'notifications.unknown': 'Quelque chose a changé ici.',
  'notifications.done.read': 'Marquée comme lue.',
  'notifications.done.allRead': 'Toutes vos notifications sont marquées comme lues.',
} satisfies Translations<typeof en>;
