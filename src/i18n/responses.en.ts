/** English messages of the responses feature (spread into en.ts). */
export const responsesEn = {
  'responses.title': 'Official responses',
};
