import { randomBytes, randomUUID } from 'node:crypto';
import { eq, inArray, like, sql } from 'drizzle-orm';
import { hashPassword } from '../auth/password.js';
import { events, challenges, memberships, organisations, users } from '../db/schema/index.js';
import { changeChallengeState, createChallenge, listTopics, type ChallengeInput } from '../features/challenges/index.js';
import { submitIdea } from '../features/ideas/index.js';
import { postResponse } from '../features/responses/index.js';
import { castVote } from '../features/votes/index.js';
import { settableClock, type SettableClock } from '../lib/clock.js';
import type { Deps } from '../lib/deps.js';
import { newSubmissionKey } from '../lib/idempotency.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** The most a person may support in one challenge (the schema's maximum budget). */
const BUDGET = 50;
/** Residents are inserted this many rows per statement (6 parameters a row, well under PostgreSQL's 65,535). */
const ACCOUNT_BATCH = 5_000;
/** Chains of commands side by side on PostgreSQL, by default (measured in bench/README.md). */
export const LOAD_CONCURRENCY = 8;

export type LoadDataOptions = {
  ideas: number;
  /** Default: one per 5,000 ideas, 5 to 50. */
  challenges?: number;
  /** Chains of commands run side by side (PostgreSQL; PGlite has one connection: always 1). */
  concurrency?: number;
  onProgress?: (ideasDone: number) => void;
  /** Aborting stops the commands and removes what this run added. */
  signal?: AbortSignal;
};

export type LoadDataResult = { run: string; organisationSlug: string; challenges: number; users: number; ideas: number; supports: number; responses: number };

/** Titles, themes and answers, picked by the challenge or idea number (any size: plain arithmetic, no 32-bit SQL integers). */
const THEMES = ['safer crossings', 'quieter streets', 'shared gardens', 'warm spaces', 'open data', 'repair cafés', 'bus shelters', 'play areas'];
const ADJECTIVES = ['More', 'Better', 'Shared', 'Safer', 'Greener', 'Quieter', 'Smarter', 'Open'];
const THINGS = ['benches', 'cycle lanes', 'street trees', 'bus stops', 'library hours', 'play streets', 'food markets', 'data portals', 'warm hubs', 'repair workshops'];
const PLACES = ['the high street', 'the old town', 'Riverside', 'the station area', 'every ward', 'the park'];
/** Half the ideas stay as submitted; the others get one answer from the council's staff moving them to these. */
const ANSWERS = [null, null, null, null, 'shortlisted', 'accepted', 'implemented', 'not_taken_forward'] as const;

const titleOf = (g: number) => `${ADJECTIVES[g % 8]} ${THINGS[Math.floor(g / 8) % 10]} in ${PLACES[Math.floor(g / 80) % 6]} #${g}`;

/** A well-mixed 32-bit hash of a whole number (so supports do not follow the idea's number). */
function mix(g: number): number {
  let h = (Math.floor(g / 4_294_967_296) ^ g) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * How many people support idea `g`: a long tail, as on real platforms — about four ideas in five
 * have none, one in a hundred has 20 or more, the most supported a few hundred (capped by the
 * people who may support it). About one support per idea on average.
 */
export function supportsFor(g: number, cap: number): number {
  const u = (mix(g) + 0.5) / 4_294_967_296;
  return Math.min(cap, Math.floor(0.3 * u ** -0.8));
}

/**
 * A large synthetic dataset for benchmarks: one council ("Load Test Borough …") with a staff
 * member, `ideas / 10` residents, `challenges` published challenges taking ideas, and `ideas`
 * published ideas spread over them with varied titles, topics, supports and statuses.
 *
 * The content goes through the commands people use, with the clock set in the past:
 * createChallenge and changeChallengeState 'publish' (a month ago; ideas and supports open until 10 to 70
 * days from now, so every challenge takes ideas and supports at once — its phase shows as
 * voting), submitIdea (one topic each, published over the last four weeks), castVote (about
 * one support per idea on average with a long tail, spread over the residents, within each
 * person's budget of 50 per challenge) and postResponse (half the ideas get one answer from the
 * staff member moving them straight to shortlisted, accepted, implemented or not taken forward).
 * So every maintained count is the commands' own work. The supports are dated by the database
 * (now), so right after a run "trending" orders ideas as "most supported" does; they age out of
 * the trending count a week later, with the hourly recount.
 *
 * Only set-up is written as rows, in one transaction: the council (createOrganisation needs a
 * platform admin, and a benchmark database may have none), its staff member's membership, and
 * the accounts (in batches: a command would make each through a mailed confirmation link).
 *
 * On PostgreSQL `concurrency` chains of commands run side by side, each taking the next idea
 * (PGlite has one connection: one chain). If a command fails, or the signal aborts, the chains
 * stop and everything this run added is removed again (the council, its challenges with
 * everything in them, the accounts and their audit rows); only a killed process leaves the
 * council `load-test-<run>` behind. Each run adds a new council; nothing existing is touched.
 * Idea numbers are plain JavaScript numbers (no 32-bit SQL arithmetic), so N may be millions.
 */
export async function seedLoadData(deps: Deps, options: LoadDataOptions): Promise<LoadDataResult> {
  const total = options.ideas;
  const challengeCount = options.challenges ?? Math.max(5, Math.min(50, Math.ceil(total / 5000)));
  const userCount = Math.max(10, Math.ceil(total / 10));
  const run = randomBytes(4).toString('hex');
  const slug = `load-test-${run}`;
  const width = deps.dbKind === 'pglite' ? 1 : Math.max(1, options.concurrency ?? LOAD_CONCURRENCY);
  const now = deps.clock.now();
  const at = (ms: number) => new Date(Math.min(now.getTime(), ms));

  const setUp = await addCouncilAndPeople(deps, run, slug, userCount, now);
  const counts = { ideas: 0, supports: 0, responses: 0 };
  const progressEvery = Math.max(1_000, Math.ceil(total / 20));
  try {
    const topics = (await listTopics(deps.db)).sort((a, b) => a.id - b.id);
    const staff = { id: setUp.staffId, isAdmin: false, emailVerified: true, displayName: `Staff ${run}` };
    const council = { id: setUp.organisationId, kind: 'council' as const };
    const opened = now.getTime() - 30 * DAY;

    // The challenges, drafted and published by the staff member a month ago.
    const challengeIds: string[] = [];
    await inParallel(deps, width, challengeCount, now, options.signal, async (c, d, clock) => {
      const days = (c % 60) + 10;
      const input: ChallengeInput = {
        title: `Load test challenge ${c}: ${THEMES[c % 8]}`,
        summary: 'A synthetic challenge for benchmarks.',
        brief: 'Synthetic brief.',
        rules: '',
        prize: '',
        titleFr: null,
        summaryFr: null,
        briefFr: null,
        submissionsOpenAt: new Date(opened),
        submissionsCloseAt: new Date(now.getTime() + days * DAY),
        votingOpenAt: new Date(opened),
        votingCloseAt: new Date(now.getTime() + (days + 10) * DAY),
        judgingCloseAt: new Date(now.getTime() + (days + 30) * DAY),
        resultsAt: new Date(now.getTime() + (days + 50) * DAY),
        voteBudget: BUDGET,
        selfSupport: false,
        hideCounts: false,
        responseDays: null,
        responseThreshold: null,
        commentPolicy: '',
        commentPolicyFr: null,
        topics: [topics[c % topics.length]!.id],
      };
      clock.set(new Date(opened - DAY - c * MINUTE));
      const { id } = await createChallenge(d, staff, council, { ...input, submissionKey: newSubmissionKey() });
      clock.set(new Date(opened - c * MINUTE));
      await changeChallengeState(d, staff, id, 'publish');
      challengeIds[c] = id;
    });

    // The ideas (idea g in challenge g mod challengeCount), each with its supports and its answer.
    const used = challengeIds.map(() => new Map<number, number>()); // supports used, by challenge and resident
    const stride = userCount % 7919 === 0 ? 1 : 7919; // visits every resident once (7919 is prime)
    await inParallel(deps, width, total, now, options.signal, async (g, d, clock) => {
      const c = g % challengeCount;
      const author = g % userCount;
      const publishedAt = at(now.getTime() - (g % 28) * DAY - (g % 1440) * MINUTE);
      clock.set(publishedAt);
      const { id: ideaId } = await submitIdea(d, setUp.actor(author), challengeIds[c]!, {
        title: titleOf(g),
        summary: 'A synthetic idea for benchmarks.',
        description: `Synthetic description of idea ${g}.`,
        topics: [topics[g % topics.length]!.id],
        organisationId: null,
        publish: true,
        submissionKey: newSubmissionKey(),
      });

      // Supporters: residents other than the author, each within their budget (counted before
      // the vote is cast, so ideas of one challenge supported side by side never overspend it).
      let wanted = supportsFor(g, userCount - 1);
      clock.set(at(publishedAt.getTime() + 30 * MINUTE));
      const start = mix(g + 1) % userCount;
      for (let k = 0; wanted > 0 && k < userCount; k++) {
        const voter = (start + k * stride) % userCount;
        const spent = used[c]!.get(voter) ?? 0;
        if (voter === author || spent >= BUDGET) continue;
        used[c]!.set(voter, spent + 1);
        wanted--;
        await castVote(d, setUp.actor(voter), ideaId);
        counts.supports++;
      }

      const answer = ANSWERS[g % 8];
      if (answer) {
        clock.set(at(publishedAt.getTime() + ((g % 5) + 1) * DAY));
        await postResponse(d, staff, ideaId, {
          responseBody: `Synthetic answer to idea ${g}.`,
          responseStatus: answer,
          responseReason: 'Synthetic reason.',
          submissionKey: newSubmissionKey(),
        });
        counts.responses++;
      }
      if (++counts.ideas % progressEvery === 0 || counts.ideas === total) options.onProgress?.(counts.ideas);
    });
  } catch (err) {
    await removeRun(deps, run, setUp.organisationId);
    throw err;
  }
  await deps.db.execute(sql`ANALYZE`);
  return { run, organisationSlug: slug, challenges: challengeCount, users: userCount, ideas: counts.ideas, supports: counts.supports, responses: counts.responses };
}

/**
 * Runs `task(0 … count - 1)` on `width` chains of commands, each with its own clock (stopped at
 * `now` until the task sets it) and taking the next number when done. The first failure, or the
 * signal, stops every chain before its next task; the error is thrown once all have stopped.
 */
async function inParallel(
  deps: Deps,
  width: number,
  count: number,
  now: Date,
  signal: AbortSignal | undefined,
  task: (i: number, d: Deps, clock: SettableClock) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const chain = async () => {
    const clock = settableClock({ now: () => now });
    const d: Deps = { ...deps, clock };
    while (next < count && !failure) {
      // PGlite answers in-process: without a turn of the event loop now and then, a long run of
      // commands would never let a signal handler (Ctrl-C) or a timer run.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) failure ??= { error: signal.reason };
      if (failure || next >= count) return;
      try {
        await task(next++, d, clock);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, chain));
  if (failure) throw failure.error;
}

/** Set-up as rows, in one transaction: the council, its staff member (an owner), and the residents. */
async function addCouncilAndPeople(deps: Deps, run: string, slug: string, userCount: number, now: Date) {
  const passwordHash = await hashPassword(randomBytes(18).toString('base64url')); // nobody signs in as these
  const staffId = randomUUID();
  const residents = Array.from({ length: userCount }, () => randomUUID());
  const organisationId = await deps.db.transaction(async (tx) => {
    const [org] = await tx
      .insert(organisations)
      .values({ kind: 'council', name: `Load Test Borough ${run}`, slug, description: 'Synthetic council created by npm run seed -- --ideas, for benchmarks.', verified: false })
      .returning({ id: organisations.id });
    await tx.insert(users).values({ id: staffId, email: `load-${run}-staff@load.example`, displayName: `Staff ${run}`, passwordHash, emailVerifiedAt: now });
    await tx.insert(memberships).values({ organisationId: org!.id, userId: staffId, role: 'owner', title: 'Synthetic staff' });
    for (let from = 0; from < userCount; from += ACCOUNT_BATCH) {
      const batch = residents.slice(from, from + ACCOUNT_BATCH);
      await tx.insert(users).values(batch.map((id, i) => ({ id, email: `load-${run}-${from + i}@load.example`, displayName: `Resident ${from + i}`, passwordHash, emailVerifiedAt: now })));
    }
    return org!.id;
  });
  const actor = (n: number) => ({ id: residents[n]!, isAdmin: false, emailVerified: true });
  return { organisationId, staffId, actor };
}

/**
 * Undoes a run that did not finish: its challenges (with their ideas, supports, answers and
 * counts), the council, and the run's accounts with their audit rows.
 */
async function removeRun(deps: Deps, run: string, organisationId: string) {
  await deps.db.transaction(async (tx) => {
    await tx.delete(challenges).where(eq(challenges.organisationId, organisationId));
    await tx.delete(organisations).where(eq(organisations.id, organisationId));
    const mine = tx.select({ id: users.id }).from(users).where(like(users.email, `load-${run}-%@load.example`));
    await tx.delete(events).where(inArray(events.actorId, mine));
    await tx.delete(users).where(like(users.email, `load-${run}-%@load.example`));
  });
}
