import type { Translations } from '../../i18n/types.js';
import type { en } from './messages.en.js';

/** French messages of the follows feature: every key of messages.en.ts, checked by tsc. */
export const fr = {
  'follows.follow.idea': 'Suivre cette idée',
  'follows.follow.challenge': 'Suivre ce défi',
  'follows.following.idea': 'Vous suivez cette idée.',
  'follows.following.challenge': 'Vous suivez ce défi.',
  'follows.unfollow': 'Ne plus suivre',
  'follows.unfollowed.idea': 'Vous ne suivez plus cette idée.',
  'follows.unfollowed.challenge': 'Vous ne suivez plus ce défi.',
  'follows.unfollowed.subject': 'Vous ne le suivez plus.',
  'follows.page.title': 'Vos suivis',
  'follows.page.intro': 'Vos notifications vous disent ce qui change ici : nouveaux commentaires et réponses officielles sur les idées, phases et résultats des défis.',
  'follows.page.empty': 'Vous ne suivez rien pour l’instant. Utilisez « Suivre » sur une idée ou un défi pour savoir quand il change.',
  'follows.page.since': 'Suivi depuis le',
  'follows.page.gone': 'Un élément que vous ne pouvez plus voir',
  'follows.page.stop': 'Ne plus suivre {title}',
  'follows.signIn.idea': 'Connectez-vous pour suivre cette idée',
  'follows.signIn.challenge': 'Connectez-vous pour suivre ce défi',
  'follows.policy.signIn': 'Connectez-vous pour suivre des idées et des défis.',
  'follows.policy.notFound': 'Il n’y a rien à suivre ici.',
  'follows.policy.ideaWithdrawn': 'Cette idée a été retirée : il n’y a plus rien à suivre. Vous pouvez toujours cesser de la suivre.',
  'follows.rateLimited': 'Vous avez suivi et cessé de suivre trop de fois en peu de temps. Veuillez patienter quelques minutes et réessayer.',
  'follows.policy.challengeArchived': 'Ce défi est archivé : il n’y a plus rien à suivre. Vous pouvez toujours cesser de le suivre.',
} satisfies Translations<typeof en>;
