/** English messages of the pages made of several features (the home page's live challenges and "Waiting for you"). */
export const en = {
  'home.live.title': 'Challenges open now',
  'home.live.lead': 'Share an idea, or support the ones you like, before they close.',
  'home.live.empty': 'No challenge is taking ideas or supports right now. Past challenges and their results are in the list of all challenges.',
  'home.live.all': 'See all challenges',
  'home.waiting.title': 'Waiting for you',
  'home.waiting.unread': { one: 'You have {count} unread notification', other: 'You have {count} unread notifications' },
  'home.waiting.unreadMany': 'You have more than 99 unread notifications',
  'home.waiting.noUnread': 'You have no unread notifications.',
  'home.waiting.ideas': 'Your latest ideas',
  'home.waiting.ideas.empty': 'You have not shared an idea yet: choose a challenge open now.',
  'home.waiting.draft': 'Finish this draft',
  'home.waiting.awaiting.all': 'All ideas awaiting a response',
} as const;

type PagesMessages = typeof en;
declare module '../i18n/types.js' {
  // Adds these keys to MessageKey (see src/i18n/types.ts).
  interface Messages extends PagesMessages {}
}
