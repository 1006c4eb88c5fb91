/**
 * Vitest global setup (both configs): once per run, before any test file, rebuild dist/ when
 * the sources are newer, so the tests that start the server or a command-line tool run the
 * compiled JavaScript of the code under test (tests/support/server.ts).
 */
import { ensureBuilt } from '../../.ci/build.js';

export default function setup() {
  ensureBuilt({ log: (line) => console.log(line) });
}
