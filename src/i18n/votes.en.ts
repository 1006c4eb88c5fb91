/** English messages of the votes feature (spread into en.ts). */
export const votesEn = {
  'votes.title': 'Support',
};
