/** English messages of the comments feature (spread into en.ts). */
export const commentsEn = {
  'comments.title': 'Comments',
};
