import type { Translations } from '../../i18n/types.js';
import type { en } from './messages.en.js';

/** French messages of the votes feature: every key of messages.en.ts, checked by tsc. */
export const fr = {
  'votes.title': 'Soutiens',
  'votes.count': { one: '{count} soutien', other: '{count} soutiens' },
  'votes.state.supported': 'Vous soutenez cette idée.',
  'votes.state.withdrawn': 'Vous ne soutenez plus cette idée.',
  'votes.budget': { zero: 'Il ne vous reste aucun soutien sur {total}.', one: 'Il vous reste {count} soutien sur {total}.', other: 'Il vous reste {count} soutiens sur {total}.' },
  'votes.action.support': 'Soutenir',
  'votes.action.unsupport': 'Retirer mon soutien',
  'votes.signIn': 'Se connecter pour soutenir',
  'votes.when.opens': 'Le vote ouvre le {date}.',
  'votes.when.closed': 'Le vote s’est terminé le {date}.',
  'votes.when.none': 'Ce défi ne comporte pas de vote public.',
  'votes.policy.notPublished': 'Cette idée n’est pas publiée.',
  'votes.policy.withdrawn': 'Cette idée a été retirée : elle ne peut plus être soutenue.',
  'votes.policy.notTakenForward': 'La collectivité a décidé de ne pas retenir cette idée : elle ne peut plus être soutenue.',
  'votes.policy.notOpen': 'Le vote n’est pas ouvert pour ce défi.',
  'votes.policy.signIn': 'Connectez-vous pour soutenir des idées.',
  'votes.policy.ownIdea': 'Vous ne pouvez pas soutenir votre propre idée dans ce défi.',
  'votes.policy.budgetSpent': 'Vous avez utilisé tous vos soutiens dans ce défi. Retirez-en un pour soutenir une autre idée.',
  'votes.refused.title': 'Le vote n’est pas ouvert',
  'votes.refused.notYet': 'Le vote sur ce défi ouvre le {open} et se termine le {close}.',
  'votes.refused.notYetOpenEnded': 'Le vote sur ce défi ouvre le {open}.',
  'votes.refused.over': 'Le vote sur ce défi s’est terminé le {close}.',
  'votes.refused.none': 'Ce défi ne comporte pas de vote public.',
  'votes.rateLimited': 'Trop de soutiens en peu de temps. Veuillez patienter une minute et réessayer.',
  'votes.flash.supported': 'Votre soutien à « {title} » est enregistré. Soutiens restants : {left} sur {total}.',
  'votes.flash.unsupported': 'Vous avez retiré votre soutien à « {title} ». Soutiens restants : {left} sur {total}.',
} satisfies Translations<typeof en>;
