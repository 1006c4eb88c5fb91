import type { responsesEn } from './responses.en.js';
import type { Message } from './types.js';

export const responsesFr = {
  'responses.title': 'Réponses officielles',
} satisfies { [K in keyof typeof responsesEn]: Message };
