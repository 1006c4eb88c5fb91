import type { followsEn } from './follows.en.js';
import type { Message } from './types.js';

export const followsFr = {
  'follows.title': 'Suivis',
} satisfies { [K in keyof typeof followsEn]: Message };
