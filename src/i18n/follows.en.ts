/** English messages of the follows feature (spread into en.ts). */
export const followsEn = {
  'follows.title': 'Follows',
};
