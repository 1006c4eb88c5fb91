import type { ideasEn } from './ideas.en.js';
import type { Message } from './types.js';

export const ideasFr = {
  'ideas.title': 'Idées',
} satisfies { [K in keyof typeof ideasEn]: Message };
