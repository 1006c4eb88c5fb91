import type { votesEn } from './votes.en.js';
import type { Message } from './types.js';

export const votesFr = {
  'votes.title': 'Soutiens',
} satisfies { [K in keyof typeof votesEn]: Message };
