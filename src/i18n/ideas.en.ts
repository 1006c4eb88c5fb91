/** English messages of the ideas feature (spread into en.ts). */
export const ideasEn = {
  'ideas.title': 'Ideas',
} as const;
