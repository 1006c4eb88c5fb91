import type { Translations } from '../i18n/types.js';
import type { en } from './messages.en.js';

/** French messages of the pages made of several features: every key of messages.en.ts, checked by tsc. */
export const fr = {
  'home.live.title': 'Défis ouverts en ce moment',
  'home.live.lead': 'Proposez une idée, ou soutenez celles qui vous plaisent, avant la clôture.',
  'home.live.empty': 'Aucun défi ne reçoit d’idées ni de soutiens en ce moment. Les défis passés et leurs résultats sont dans la liste de tous les défis.',
  'home.live.all': 'Voir tous les défis',
  'home.waiting.title': 'Ce qui vous attend',
  'home.waiting.unread': { one: 'Vous avez {count} notification non lue', other: 'Vous avez {count} notifications non lues' },
  'home.waiting.unreadMany': 'Vous avez plus de 99 notifications non lues',
  'home.waiting.noUnread': 'Vous n’avez aucune notification non lue.',
  'home.waiting.ideas': 'Vos dernières idées',
  'home.waiting.ideas.empty': 'Vous n’avez encore proposé aucune idée : choisissez un défi ouvert en ce moment.',
  'home.waiting.draft': 'Terminer ce brouillon',
  'home.waiting.awaiting.all': 'Toutes les idées en attente de réponse',
} satisfies Translations<typeof en>;
