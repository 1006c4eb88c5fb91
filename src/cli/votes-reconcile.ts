/**
 * npm run votes:reconcile [-- --repair] [--challenge <id>]
 *
 * Checks the maintained vote counts against the vote rows, on the configured database
 * (DATABASE_URL, or PGlite in DATA_DIR; stop the server first for PGlite): every idea whose
 * support_count differs from its votes, and every person whose supports used in a challenge
 * differ from their votes on its ideas that are not withdrawn. --repair sets them from the rows
 * (safe while people vote on PostgreSQL: each row is locked before it is recounted).
 * Exit codes: 0 consistent (or repaired), 1 differences found and not repaired (or the database
 * could not be opened), 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import { cliConfig, describeDatabase, fail, openCliDatabase, out } from './support.js';

const USAGE = `Usage: npm run votes:reconcile [-- --repair] [--challenge <challenge id>]

Reports ideas whose support count differs from their vote rows, and people whose supports used
in a challenge differ from their votes there. With --repair, sets them from the rows.`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Lines of each kind printed; the totals are always given. */
const SHOWN = 50;

async function main(): Promise<number> {
  let args: { repair?: boolean | undefined; challenge?: string | undefined; help?: boolean | undefined };
  try {
    args = parseArgs({
      options: { repair: { type: 'boolean' }, challenge: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`, 2);
  }
  if (args.help) {
    out(USAGE);
    return 0;
  }
  if (args.challenge !== undefined && !UUID.test(args.challenge)) fail(`--challenge must be a challenge id (a UUID).\n\n${USAGE}`, 2);

  const config = cliConfig();
  const { reconcileVotes, DRIFT_LIMIT } = await import('../features/votes/index.js');
  const database = await openCliDatabase(config);
  try {
    const { found, remaining } = await reconcileVotes(database.db, { repair: args.repair ?? false, ...(args.challenge ? { challengeId: args.challenge.toLowerCase() } : {}) });
    const where = describeDatabase(database, config);
    const total = found.ideas.length + found.voters.length;
    if (total === 0) {
      out(`Votes are consistent in ${where}: every support count equals its vote rows, and every budget its votes.`);
      return 0;
    }
    const capped = (n: number) => (n >= DRIFT_LIMIT ? `at least ${n}` : String(n));
    out(`${capped(found.ideas.length)} idea(s) with a support count that differs from their vote rows:`);
    for (const d of found.ideas.slice(0, SHOWN)) out(`  idea ${d.ideaId}: support_count ${d.stored}, vote rows ${d.actual}`);
    if (found.ideas.length > SHOWN) out(`  … and ${found.ideas.length - SHOWN} more`);
    out(`${capped(found.voters.length)} budget(s) that differ from the person's votes on ideas not withdrawn:`);
    for (const d of found.voters.slice(0, SHOWN)) out(`  challenge ${d.challengeId}, person ${d.userId}: votes_used ${d.stored}, votes ${d.actual}`);
    if (found.voters.length > SHOWN) out(`  … and ${found.voters.length - SHOWN} more`);
    if (!args.repair) {
      out('Nothing was changed. Run again with --repair to set them from the vote rows.');
      return 1;
    }
    const left = remaining.ideas.length + remaining.voters.length;
    if (left > 0) {
      out(`Repaired in ${where}, but ${left} difference(s) remain (votes arriving meanwhile?): run again.`);
      return 1;
    }
    out(`Repaired in ${where}: the counts now equal the vote rows.`);
    return 0;
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  fail(`votes:reconcile failed: ${err instanceof Error ? err.message : String(err)}`, 1);
}
