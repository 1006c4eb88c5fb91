/** English messages of the votes feature: the source of its keys (messages.fr.ts must match them). */
export const en = {
  'votes.title': 'Support',
  'votes.count': { one: '{count} supporter', other: '{count} supporters' },
  'votes.state.supported': 'You support this idea.',
  'votes.state.withdrawn': 'You no longer support this idea.',
  'votes.budget': { one: '{count} of {total} supports left.', other: '{count} of {total} supports left.' },
  'votes.action.support': 'Support',
  'votes.action.unsupport': 'Withdraw support',
  'votes.signIn': 'Sign in to support',
  'votes.when.opens': 'Voting opens on {date}.',
  'votes.when.closed': 'Voting closed on {date}.',
  'votes.when.none': 'This challenge has no public vote.',
  'votes.policy.notPublished': 'This idea is not published.',
  'votes.policy.withdrawn': 'This idea was withdrawn: it can no longer be supported.',
  'votes.policy.notTakenForward': 'The council decided not to take this idea forward: it no longer takes supports.',
  'votes.policy.notOpen': 'Voting is not open for this challenge.',
  'votes.policy.signIn': 'Sign in to support ideas.',
  'votes.policy.ownIdea': 'You cannot support your own idea in this challenge.',
  'votes.policy.budgetSpent': 'You have used all your supports in this challenge. Withdraw one to support another idea.',
  'votes.refused.title': 'Voting is not open',
  'votes.refused.notYet': 'Voting on this challenge opens on {open} and closes on {close}.',
  'votes.refused.notYetOpenEnded': 'Voting on this challenge opens on {open}.',
  'votes.refused.over': 'Voting on this challenge closed on {close}.',
  'votes.refused.none': 'This challenge has no public vote.',
  'votes.rateLimited': 'Too many supports in a short time. Please wait a minute and try again.',
  'votes.flash.supported': 'Your support for “{title}” is recorded. Supports left: {left} of {total}.',
  'votes.flash.unsupported': 'You withdrew your support for “{title}”. Supports left: {left} of {total}.',
} as const;

type VotesMessages = typeof en;
declare module '../../i18n/types.js' {
  // Adds this feature's keys to MessageKey (see src/i18n/types.ts).
  interface Messages extends VotesMessages {}
}
