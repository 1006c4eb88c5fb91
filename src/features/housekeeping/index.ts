import { defineFeature } from '../../http/feature.js';
import { cleanUp, HOUSEKEEPING_SCHEDULE } from './clean-up.js';

/** The daily clean-up of expired and finished rows (see cleanUp). */
export const housekeeping = defineFeature({
  name: 'housekeeping',
  jobs: {
    [HOUSEKEEPING_SCHEDULE.kind]: (deps) => async () => {
      const deleted = await cleanUp(deps.db, deps.clock.now(), deps.config.retentionDays);
      deps.logger.info('housekeeping', deleted);
    },
  },
  schedules: [HOUSEKEEPING_SCHEDULE],
});
