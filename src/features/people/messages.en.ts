/** English messages of the people feature: the source of its keys (messages.fr.ts must match them). */
export const en = {
  'people.hidden.awaiting': 'This profile’s description is awaiting moderation: it appears once a moderator approves it.',
  'people.hidden.rule': 'The moderators hid this profile’s description under rule {number}: {rule}.',
  'people.hidden.held': 'This profile’s description is hidden while the moderators look at reports about it.',
  'people.hidden.appeal': 'It is your profile: ask for a review',
  'people.report': 'Report this profile',
  'people.reportable.label': 'profile',
  'people.memberSince': 'Member since {date}',
  'people.ownNote': 'This is your page. Everyone can see your ideas and comments; only you can see what you follow and support.',
  'people.back': 'Back to {name}',
  'people.policy.private': 'Only the person themselves can see what they follow and support.',
  'people.ideas.title': 'Ideas',
  'people.ideas.all': 'Ideas by {name}',
  'people.ideas.more': 'See all ideas by {name}',
  'people.ideas.empty': '{name} has not published any ideas yet.',
  'people.ideas.emptyOwn': 'You have not published any ideas yet. Find a challenge and share one.',
  'people.comments.title': 'Comments',
  'people.comments.all': 'Comments by {name}',
  'people.comments.more': 'See all comments by {name}',
  'people.comments.empty': '{name} has not commented yet.',
  'people.comments.emptyOwn': 'You have not commented yet.',
  'people.follows.title': 'What you follow',
  'people.follows.ideas': 'Ideas you follow',
  'people.follows.challenges': 'Challenges you follow',
  'people.follows.ideasMore': 'See all ideas you follow',
  'people.follows.challengesMore': 'See all challenges you follow',
  'people.follows.empty': 'You don’t follow anything yet — use Follow on an idea or challenge.',
  'people.follows.emptyIdeas': 'You don’t follow any ideas yet — use Follow on an idea.',
  'people.follows.emptyChallenges': 'You don’t follow any challenges yet — use Follow on a challenge.',
  'people.follows.archived': 'Archived',
  'people.supports.title': 'Ideas you support',
  'people.supports.more': 'See all ideas you support',
  'people.supports.empty': 'You don’t support any ideas yet. When a challenge opens for voting, support the ideas you like.',
  'people.supports.on': 'Supported on {date}',
  'people.private': 'Only you can see this.',
} as const;

type PeopleMessages = typeof en;
declare module '../../i18n/types.js' {
  // Adds this feature's keys to MessageKey (see src/i18n/types.ts).
  interface Messages extends PeopleMessages {}
}
