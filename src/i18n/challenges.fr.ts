import type { challengesEn } from './challenges.en.js';
import type { Message } from './types.js';

export const challengesFr = {
  'layout.nav.challenges': 'Défis',
} satisfies { [K in keyof typeof challengesEn]: Message };
