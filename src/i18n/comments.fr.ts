import type { commentsEn } from './comments.en.js';
import type { Message } from './types.js';

export const commentsFr = {
  'comments.title': 'Commentaires',
} satisfies { [K in keyof typeof commentsEn]: Message };
