import { defineFeature } from '../../http/feature.js';
import { HOUSEKEEPING_SCHEDULE, housekeepingJob } from './clean-up.js';

/** The daily clean-up of expired and finished rows (see cleanUp). */
export const housekeeping = defineFeature({
  name: 'housekeeping',
  jobs: { 'housekeeping.clean': housekeepingJob },
  schedules: [HOUSEKEEPING_SCHEDULE],
});
