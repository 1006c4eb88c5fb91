import type { Translations } from '../../i18n/types.js';
import type { en } from './messages.en.js';

/** French messages of the people feature: every key of messages.en.ts, checked by tsc. */
export const fr = {
  'people.memberSince': 'Membre depuis le {date}',
  'people.ownNote': 'Voici votre page. Tout le monde peut voir vos idées et vos commentaires ; ce que vous suivez et soutenez n’est visible que par vous.',
  'people.back': 'Retour à {name}',
  'people.policy.private': 'Seule la personne concernée peut voir ce qu’elle suit et soutient.',
  'people.ideas.title': 'Idées',
  'people.ideas.all': 'Idées de {name}',
  'people.ideas.more': 'Voir toutes les idées de {name}',
  'people.ideas.empty': '{name} n’a encore publié aucune idée.',
  'people.ideas.emptyOwn': 'Vous n’avez encore publié aucune idée. Trouvez un défi et partagez-en une.',
  'people.comments.title': 'Commentaires',
  'people.comments.all': 'Commentaires de {name}',
  'people.comments.more': 'Voir tous les commentaires de {name}',
  'people.comments.empty': '{name} n’a encore rien commenté.',
  'people.comments.emptyOwn': 'Vous n’avez encore rien commenté.',
  'people.follows.title': 'Ce que vous suivez',
  'people.follows.ideas': 'Idées que vous suivez',
  'people.follows.challenges': 'Défis que vous suivez',
  'people.follows.ideasMore': 'Voir toutes les idées que vous suivez',
  'people.follows.challengesMore': 'Voir tous les défis que vous suivez',
  'people.follows.empty': 'Vous ne suivez encore rien — utilisez « Suivre » sur une idée ou un défi.',
  'people.follows.emptyIdeas': 'Vous ne suivez encore aucune idée — utilisez « Suivre » sur une idée.',
  'people.follows.emptyChallenges': 'Vous ne suivez encore aucun défi — utilisez « Suivre » sur un défi.',
  'people.follows.archived': 'Archivé',
  'people.supports.title': 'Idées que vous soutenez',
  'people.supports.more': 'Voir toutes les idées que vous soutenez',
  'people.supports.empty': 'Vous ne soutenez encore aucune idée. Quand un défi ouvre le vote, soutenez les idées qui vous plaisent.',
  'people.supports.on': 'Soutenue le {date}',
  'people.private': 'Visible par vous seulement.',
} satisfies Translations<typeof en>;
