/** English messages of the follows feature: the source of its keys (messages.fr.ts must match them). */
export const en = {
  'follows.follow.idea': 'Follow this idea',
  'follows.follow.challenge': 'Follow this challenge',
  'follows.following.idea': 'You follow this idea.',
  'follows.following.challenge': 'You follow this challenge.',
  'follows.unfollow': 'Stop following',
  'follows.unfollowed.idea': 'You no longer follow this idea.',
  'follows.unfollowed.challenge': 'You no longer follow this challenge.',
  'follows.unfollowed.subject': 'You no longer follow it.',
  'follows.page.title': 'What you follow',
  'follows.page.intro': 'You are told in your notifications when something changes here: new comments and official responses on ideas, phases and results of challenges.',
  'follows.page.empty': 'You do not follow anything yet. Use “Follow” on an idea or a challenge to hear when it changes.',
  'follows.page.since': 'Followed',
  'follows.page.gone': 'Something you can no longer see',
  'follows.page.stop': 'Stop following {title}',
  'follows.signIn.idea': 'Sign in to follow this idea',
  'follows.signIn.challenge': 'Sign in to follow this challenge',
  'follows.policy.signIn': 'Sign in to follow ideas and challenges.',
  'follows.policy.notFound': 'There is nothing here to follow.',
  'follows.policy.ideaWithdrawn': 'This idea has been withdrawn, so there is nothing more to follow. You can still stop following it.',
  'follows.rateLimited': 'You have followed and unfollowed too many times in a short time. Please wait a few minutes and try again.',
  'follows.policy.challengeArchived': 'This challenge is archived, so there is nothing more to follow. You can still stop following it.',
} as const;

type FollowsMessages = typeof en;
declare module '../../i18n/types.js' {
  // Adds this feature's keys to MessageKey (see src/i18n/types.ts).
  interface Messages extends FollowsMessages {}
}
