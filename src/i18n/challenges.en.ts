/** English messages of the challenges feature (spread into en.ts). */
export const challengesEn = {
  'layout.nav.challenges': 'Challenges',
} as const;
