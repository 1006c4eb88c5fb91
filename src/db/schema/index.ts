export * from './users.js';
export * from './organisations.js';
export * from './jobs.js';
export * from './security.js';
export * from './challenges.js';
