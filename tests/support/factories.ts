/**
 * Test data, one module per feature under factories/: `build*` returns the values of a row
 * (nothing stored), `create*` inserts it and returns the stored row. Emails, slugs and titles
 * are fresh on each call, so tests sharing a database never collide.
 */
export * from './factories/accounts.js';
export * from './factories/challenges.js';
export * from './factories/comments.js';
export { DAY, renewPages, unique } from './factories/common.js';
export * from './factories/follows.js';
export * from './factories/ideas.js';
export * from './factories/organisations.js';
export * from './factories/votes.js';
