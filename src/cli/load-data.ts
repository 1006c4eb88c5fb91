import { randomBytes, randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql, type SQL } from 'drizzle-orm';
import { hashPassword } from '../auth/password.js';
import { rawRows } from '../db/client.js';
import { memberships, organisations, users } from '../db/schema/index.js';
import { changeChallengeState, createChallenge, type ChallengeInput } from '../features/challenges/index.js';
import { TRENDING_DAYS } from '../features/votes/index.js';
import { settableClock } from '../lib/clock.js';
import type { Deps } from '../lib/deps.js';
import { newSubmissionKey } from '../lib/idempotency.js';
import { bumpPages, pageScope } from '../lib/page-versions.js';
import { renderMarkdown } from '../lib/markdown.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** The most a person may support in one challenge (the schema's maximum budget). */
export const LOAD_BUDGET = 50;
/** Every third challenge promises an answer within RULE_DAYS days to ideas with RULE_THRESHOLD supports. */
export const RULE_THRESHOLD = 10;
const RULE_DAYS = 14;
/**
 * Rows of the big tables written per statement: each statement's work (its foreign-key checks are
 * queued until it ends) stays bounded whatever N, and Ctrl-C is noticed between two of them.
 */
const CHUNK = 25_000;

export type LoadDataOptions = {
  ideas: number;
  /** Default: one per 5,000 ideas, 5 to 50. */
  challenges?: number;
  /** Called after each challenge's ideas (with their supports, answers and comments) are written; the transaction is still open. */
  onProgress?: (ideasDone: number) => void;
  /** Aborting stops between two statements and rolls the whole run back. */
  signal?: AbortSignal;
};

export type LoadDataResult = {
  run: string;
  organisationSlug: string;
  challenges: number;
  users: number;
  ideas: number;
  supports: number;
  responses: number;
  comments: number;
};

/**
 * The generators: what idea `g` (0 … N-1) is like, as SQL over bigint `g` — the same functions
 * for every N, with no 32-bit arithmetic (the previous SQL generator's `(g * 7919) % 500`
 * overflowed an integer at g = 271,183). tests/integration/load-data.test.ts checks them
 * against a JavaScript reference, up to g = 5,000,000 and beyond 2^32.
 */
/** A well-mixed unsigned 32-bit number for `g` and a salt (the first 8 hex digits of md5('salt:g')). */
export const hash32 = (salt: string, g: SQL) => sql`('x' || left(md5(${salt + ':'} || (${g})::text), 8))::bit(32)::bigint`;
/**
 * How many people support idea `g`: a long tail, as on real platforms — about four ideas in five
 * have none, one in a hundred 20 or more, the top ones thousands (capped by the people who may
 * support it). About one support per idea on average.
 */
export const supportsWanted = (g: SQL, cap: SQL) => sql`least(${cap}, floor(0.3::float8 * power((${hash32('supports', g)} + 0.5::float8) / 4294967296::float8, -0.8::float8)))::bigint`;
/** How many comments idea `g` gets (before the time it has been public limits them): about one idea in ten has some, a few dozens. */
export const commentsWanted = (g: SQL) => sql`least(60, floor(0.2::float8 * power((${hash32('comments', g)} + 0.5::float8) / 4294967296::float8, -0.7::float8)))::bigint`;
/**
 * The k-th supporter of an idea (k = 0 … w-1, w < residents) whose walk starts at `start`: resident
 * (start + k·stride) mod (residents − 1), stepping over the author — a different person for each
 * k when the stride is coprime with residents − 1 (supportStride).
 */
export const supporterNumber = (start: SQL, k: SQL, author: SQL, residents: SQL, stride: number) => {
  const x = sql`((${start}) + (${k}) * ${stride}::bigint) % ((${residents}) - 1)`;
  return sql`(${x} + CASE WHEN ${x} >= (${author}) THEN 1 ELSE 0 END)`;
};
/** 7919 (a prime), or 1 when it divides residents − 1. */
export const supportStride = (residents: number) => ((residents - 1) % 7919 === 0 ? 1 : 7919);
/** Minutes before the run's "now" that idea `g` was published: spread over four weeks. */
export const publishedMinutesAgo = (g: SQL) => sql`((${g}) % 28 * 1440 + (${g}) % 1440)`;
/**
 * The council's answer to idea `g`: ANSWERS[g % 8] — half stay as submitted, the others are moved
 * to shortlisted, accepted, implemented or not taken forward, ((g % 5) + 1) days after publication.
 */
export const ANSWERS = [null, null, null, null, 'shortlisted', 'accepted', 'implemented', 'not_taken_forward'] as const;
const NOT_TAKEN_FORWARD = 7;

/** Titles: English for residents writing in English, French for the others (one in five). */
const TITLES = {
  en: {
    a: ['More', 'Better', 'Shared', 'Safer', 'Greener', 'Quieter', 'Smarter', 'Open'],
    b: ['benches', 'cycle lanes', 'street trees', 'bus stops', 'library hours', 'play streets', 'food markets', 'data portals', 'warm hubs', 'repair workshops'],
    c: ['on the high street', 'in the old town', 'in Riverside', 'around the station', 'in every ward', 'in the park'],
  },
  fr: {
    a: ['Plus de', 'Davantage de', 'Des', 'Un budget pour des', 'Moins de voitures, plus de', 'De vrais', 'Des nouveaux', 'Ouvrir des'],
    b: ['bancs', 'pistes cyclables', 'jardins partagés', 'bornes de réparation', 'marchés de producteurs', 'portails de données', 'bus de nuit', 'terrains de jeux', 'lieux chauffés', 'composteurs'],
    c: ['dans le centre-ville', 'dans la vieille ville', 'au bord de la rivière', 'près de la gare', 'dans chaque quartier', 'au parc'],
  },
};
const THEMES = ['safer crossings', 'quieter streets', 'shared gardens', 'warm spaces', 'open data', 'repair cafés', 'bus shelters', 'play areas'];

/** A PostgreSQL array literal for a typed parameter (`${textArray(xs)}::text[]`). */
const textArray = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

const NUMBER_MARKER = '4242424242';

/** `text(n)` split around the number, so SQL can write `before || g || after`. */
function around(text: string): { before: string; after: string } {
  const [before, after, ...rest] = text.split(NUMBER_MARKER);
  if (before === undefined || after === undefined || rest.length) throw new Error(`the number is not once in ${JSON.stringify(text)}`);
  return { before, after };
}
/** A text with the idea's number in it, and the sanitised HTML renderMarkdown makes of it, each split around the number. */
const textAndHtml = (text: (n: string) => string) => ({ text: around(text(NUMBER_MARKER)), html: around(renderMarkdown(text(NUMBER_MARKER))) });

const TEXTS = {
  en: { summary: 'A synthetic idea for benchmarks.', description: (n: string) => `Synthetic description of idea ${n}.`, comment: (n: string) => `Synthetic comment on idea ${n}.` },
  fr: { summary: 'Une idée synthétique pour les mesures de performance.', description: (n: string) => `Description synthétique de l’idée ${n}.`, comment: (n: string) => `Commentaire synthétique sur l’idée ${n}.` },
};
const ANSWER_TEXT = (n: string) => `Synthetic answer to idea ${n}.`;
/** The status each answer leaves the idea in (ANSWERS[g % 8], or still 'submitted'). */
const STATUS_AFTER = ANSWERS.map((a) => a ?? 'submitted');

/**
 * A large synthetic dataset for benchmarks: one council ("Load Test Borough …") with a staff
 * member, `ideas / 10` residents (one in five writing in French), `challenges` published
 * challenges taking ideas and supports, and `ideas` published ideas spread over them, with
 * varied titles, topics, supports, statuses, official answers and comment threads.
 *
 * Written set-based (docs/decisions/0052-…): the challenges go through the commands
 * (createChallenge, then changeChallengeState 'publish', a month ago), but the ideas, supports,
 * answers and comments are INSERT … SELECT statements over generate_series, challenge by
 * challenge, with every count the commands would maintain computed by aggregate SQL from the
 * very rows inserted, in the same transaction: ideas.support_count, recent_support (supports of
 * the last TRENDING_DAYS days), response_due_at and responded_at, subjects.comment_count (the
 * subject rows come from the ideas' own trigger), challenge_voters.votes_used (supports on ideas
 * not taken forward are given back), challenges.idea_count and participant_count. So the state
 * is one the commands could have produced: votes within the voting window, from people other
 * than the author, at most LOAD_BUDGET per person and challenge, dated after the idea and
 * before a "not taken forward"; comments after the idea, replies after their parent, at most
 * depth 2; answers from the council's staff, status 'submitted' → their status.
 * tests/integration/load-data.test.ts recounts every one of those from the rows.
 *
 * What the commands would also write and this does not: their events (the audit record of what
 * people did — none of this was done by anyone — and the outbox: thousands of notification jobs
 * for residents nobody signs in as) and their submission keys (repeat detection for forms never
 * shown). Dates are whole hours before the clock's now for supports, so "trending" is stable
 * for an hour after the run, then decays with the hourly recount as usual.
 *
 * One transaction: a failure, or the signal (checked between statements), rolls everything
 * back, and so does a killed process (the transaction never commits). Each run adds a new
 * council; nothing existing is touched.
 */
export async function seedLoadData(deps: Deps, options: LoadDataOptions): Promise<LoadDataResult> {
  const total = options.ideas;
  const challengeCount = options.challenges ?? Math.max(5, Math.min(50, Math.ceil(total / 5000)));
  const userCount = Math.max(10, Math.ceil(total / 10));
  const run = randomBytes(4).toString('hex');
  const slug = `load-test-${run}`;
  const now = deps.clock.now();
  const passwordHash = await hashPassword(randomBytes(18).toString('base64url')); // nobody signs in as these
  const staff = { id: randomUUID(), isAdmin: false, emailVerified: true, displayName: `Staff ${run}` };
  const staffTitle = 'Synthetic staff';
  const counts = { supports: 0, responses: 0, comments: 0 };

  const result = await deps.db.transaction(async (tx) => {
    /** One statement, once the signal has had its chance (PGlite answers in-process: Ctrl-C needs a turn of the event loop). */
    const step = async (statement: SQL) => {
      await nextTurn();
      options.signal?.throwIfAborted();
      return tx.execute(statement);
    };
    const count = async (statement: SQL) => Number((await rawRows<{ n: number | string }>(tx, statement))[0]?.n ?? 0);
    const at = sql`${now.toISOString()}::timestamptz`;
    const monthBefore = new Date(now.getTime() - 35 * DAY);

    // Big sorts and hash joins in memory; this transaction only.
    await step(sql`SET LOCAL work_mem = '64MB'`);

    // Set-up: the council, its staff member (an owner), the residents (numbered, for the generators).
    const [org] = await tx
      .insert(organisations)
      .values({ kind: 'council', name: `Load Test Borough ${run}`, slug, description: 'Synthetic council created by npm run seed -- --ideas, for benchmarks.', verified: false, createdAt: monthBefore })
      .returning({ id: organisations.id });
    const organisationId = org!.id;
    await tx.insert(users).values({ id: staff.id, email: `load-${run}-staff@load.example`, displayName: staff.displayName, passwordHash, emailVerifiedAt: monthBefore, createdAt: monthBefore });
    await tx.insert(memberships).values({ organisationId, userId: staff.id, role: 'owner', title: staffTitle, createdAt: monthBefore });

    await step(sql`CREATE TEMP TABLE load_residents (n bigint PRIMARY KEY, id uuid NOT NULL, locale text NOT NULL) ON COMMIT DROP`);
    await step(sql`CREATE TEMP TABLE load_topics (i bigint PRIMARY KEY, id int NOT NULL) ON COMMIT DROP`);
    await step(sql`CREATE TEMP TABLE load_ideas (
      g bigint PRIMARY KEY, id uuid NOT NULL, author bigint NOT NULL, answer int NOT NULL,
      pm bigint NOT NULL,  -- published, minutes before now
      rm bigint,           -- answered, minutes before now
      w bigint NOT NULL,   -- supports asked for (0 when the idea has had no time for any)
      vstart bigint NOT NULL, slots bigint NOT NULL, hpub bigint NOT NULL,
      m bigint NOT NULL    -- comments
    ) ON COMMIT DROP`);
    await step(sql`CREATE TEMP TABLE load_votes (g bigint NOT NULL, voter bigint NOT NULL, hago bigint NOT NULL) ON COMMIT DROP`);
    await step(sql`CREATE INDEX ON load_votes (g)`);
    await step(sql`CREATE TEMP TABLE load_support (g bigint PRIMARY KEY, n bigint NOT NULL, recent bigint NOT NULL, due_hago bigint) ON COMMIT DROP`);
    await step(sql`CREATE TEMP TABLE load_comments (g bigint NOT NULL, j bigint NOT NULL, id uuid NOT NULL, author bigint NOT NULL, mago bigint NOT NULL, PRIMARY KEY (g, j)) ON COMMIT DROP`);

    await step(sql`INSERT INTO load_topics SELECT row_number() OVER (ORDER BY id) - 1, id FROM topics`);
    const topicCount = await count(sql`SELECT count(*) AS n FROM load_topics`);
    if (topicCount === 0) throw new Error('No topics: the migrations add them.');
    await step(sql`INSERT INTO load_residents SELECT n, gen_random_uuid(), CASE WHEN n % 5 = 3 THEN 'fr' ELSE 'en' END FROM generate_series(0::bigint, ${userCount - 1}::bigint) AS n`);
    for (let from = 0; from < userCount; from += CHUNK) {
      await step(sql`
        INSERT INTO users (id, email, display_name, password_hash, email_verified_at, locale, created_at)
        SELECT id, ${`load-${run}-`} || n || '@load.example', 'Resident ' || n, ${passwordHash}, ${monthBefore.toISOString()}::timestamptz, locale, ${monthBefore.toISOString()}::timestamptz
        FROM load_residents WHERE n >= ${from}::bigint AND n < ${from + CHUNK}::bigint`);
    }

    // The challenges, drafted and published by the staff member a month ago through the commands
    // (their events and subject rows are the commands' own), each command a savepoint of this transaction.
    const clock = settableClock({ now: () => now });
    const d: Deps = { ...deps, db: tx, clock };
    const council = { id: organisationId, kind: 'council' as const };
    const opened = now.getTime() - 30 * DAY;
    const topicIds = (await rawRows<{ id: number }>(tx, sql`SELECT id FROM load_topics ORDER BY i`)).map((t) => t.id);
    const challengeIds: { id: string; rule: boolean }[] = [];
    for (let c = 0; c < challengeCount; c++) {
      options.signal?.throwIfAborted();
      const days = (c % 60) + 10;
      const rule = c % 3 === 2;
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
        voteBudget: LOAD_BUDGET,
        selfSupport: false,
        hideCounts: false,
        confirmRules: false,
        premoderation: 'off',
        responseDays: rule ? RULE_DAYS : null,
        responseThreshold: rule ? RULE_THRESHOLD : null,
        commentPolicy: '',
        commentPolicyFr: null,
        topics: [topicIds[c % topicIds.length]!],
      };
      clock.set(new Date(opened - DAY - c * MINUTE));
      const { id } = await createChallenge(d, staff, council, { ...input, submissionKey: newSubmissionKey() });
      clock.set(new Date(opened - c * MINUTE));
      await changeChallengeState(d, staff, id, 'publish');
      challengeIds.push({ id, rule });
    }

    const texts = {
      en: { description: textAndHtml(TEXTS.en.description), comment: textAndHtml(TEXTS.en.comment) },
      fr: { description: textAndHtml(TEXTS.fr.description), comment: textAndHtml(TEXTS.fr.comment) },
      answer: textAndHtml(ANSWER_TEXT),
    };
    const U = sql`${userCount}::bigint`;
    const minutesAgo = (m: SQL) => sql`(${at} - (${m}) * interval '1 minute')`;
    const pick = (values: readonly string[], index: SQL) => sql`(${textArray(values)}::text[])[1 + (${index}) % ${values.length}::bigint]`;
    const byLocale = (en: SQL, fr: SQL) => sql`CASE WHEN r.locale = 'fr' THEN ${fr} ELSE ${en} END`;
    const title = (lang: 'en' | 'fr') =>
      sql`${pick(TITLES[lang].a, sql`i.g`)} || ' ' || ${pick(TITLES[lang].b, sql`i.g / 8`)} || ' ' || ${pick(TITLES[lang].c, sql`i.g / 80`)} || ' #' || i.g`;
    const withNumber = (h: { before: string; after: string }, n: SQL) => sql`${h.before}::text || (${n}) || ${h.after}::text`;
    const localised = (kind: 'description' | 'comment', part: 'text' | 'html', n: SQL) => byLocale(withNumber(texts.en[kind][part], n), withNumber(texts.fr[kind][part], n));
    const statusAfter = (answer: SQL) => sql`(${textArray(STATUS_AFTER)}::text[])[1 + ${answer}]`;

    let ideasDone = 0;
    for (let c = 0; c < challengeCount; c++) {
      const { id: challengeId, rule } = challengeIds[c]!;
      const cid = sql`${challengeId}::uuid`;
      for (const table of ['load_ideas', 'load_votes', 'load_support', 'load_comments']) await step(sql`TRUNCATE ${sql.identifier(table)}`);

      // This challenge's ideas: g = c, c + C, c + 2C … What each will be, before anything is written.
      //   slots: the whole hours in which its supports can be dated — from its publication to now,
      //   or, if it is not taken forward, to the hour before that answer (supports stop there).
      await step(sql`
        INSERT INTO load_ideas (g, id, author, answer, pm, rm, w, vstart, slots, hpub, m)
        SELECT g, gen_random_uuid(), g % ${U}, answer, pm, rm, CASE WHEN slots > 0 THEN w ELSE 0 END, vstart, slots, pm / 60,
               CASE WHEN pm >= 2 THEN least(m, pm - 1) ELSE 0 END
        FROM generate_series(${c}::bigint, ${total - 1}::bigint, ${challengeCount}::bigint) AS g,
        LATERAL (SELECT ${publishedMinutesAgo(sql`g`)}::bigint AS pm, (g % 8)::int AS answer) AS a,
        LATERAL (SELECT CASE WHEN answer >= 4 THEN greatest(0, pm - (g % 5 + 1) * 1440) END AS rm) AS b,
        LATERAL (SELECT CASE WHEN answer = ${NOT_TAKEN_FORWARD}::int THEN greatest(0, pm / 60 - rm / 60) ELSE pm / 60 + 1 END AS slots,
                        ${supportsWanted(sql`g`, sql`${U} - 1`)} AS w,
                        ${hash32('voters', sql`g`)} % (${U} - 1) AS vstart,
                        ${commentsWanted(sql`g`)} AS m) AS e`);
      await step(sql`ANALYZE load_ideas`);

      // Supporters: the k-th is resident (vstart + k·stride) mod (U − 1), skipping the author; each
      // person's supports in the challenge are kept up to the budget (in idea order); the k-th
      // support is dated k/w of the way through the idea's slots, on a whole hour before now.
      await step(sql`
        INSERT INTO load_votes (g, voter, hago)
        SELECT g, voter, hago FROM (
          SELECT i.g, v.voter, i.hpub - k * i.slots / i.w AS hago, row_number() OVER (PARTITION BY v.voter ORDER BY i.g) AS spent
          FROM load_ideas AS i,
          LATERAL generate_series(0::bigint, i.w - 1) AS k,
          LATERAL (SELECT ${supporterNumber(sql`i.vstart`, sql`k`, sql`i.author`, U, supportStride(userCount))} AS voter) AS v
          WHERE i.w > 0
        ) AS candidates
        WHERE spent <= ${LOAD_BUDGET}::bigint`);
      await step(sql`ANALYZE load_votes`);
      // Per idea: its supports, those of the last TRENDING_DAYS days, and (under a response rule) the hour its RULE_THRESHOLD-th support came.
      await step(sql`
        INSERT INTO load_support (g, n, recent, due_hago)
        SELECT g, count(*), count(*) FILTER (WHERE hago < ${TRENDING_DAYS * 24}::bigint),
               ${rule ? sql`(array_agg(hago ORDER BY hago DESC))[${RULE_THRESHOLD}::int]` : sql`NULL::bigint`}
        FROM load_votes GROUP BY g`);
      await step(sql`ANALYZE load_support`);

      // Comments: threads of three (a comment, a reply, a reply to the reply by the idea's author), dated after the idea, each after the one before.
      await step(sql`
        INSERT INTO load_comments (g, j, id, author, mago)
        SELECT i.g, j, gen_random_uuid(),
               CASE WHEN j % 3 = 2 THEN i.author ELSE (${hash32('commenters', sql`i.g`)} + j * 7919) % ${U} END,
               i.pm - (j + 1) * (i.pm / (i.m + 1))
        FROM load_ideas AS i, LATERAL generate_series(0::bigint, i.m - 1) AS j
        WHERE i.m > 0`);
      await step(sql`ANALYZE load_comments`);

      const [lo, hi] = [c, total];
      for (let from = lo; from < hi; from += CHUNK * challengeCount) {
        const range = (g: SQL) => sql`${g} >= ${from}::bigint AND ${g} < ${from + CHUNK * challengeCount}::bigint`;
        // The ideas, with their counts from the supports above; the ideas' trigger adds their subject rows.
        await step(sql`
          INSERT INTO ideas (id, challenge_id, author_id, status, title, summary, description, description_html, language,
                             support_count, recent_support, response_due_at, responded_at, created_at, published_at)
          SELECT i.id, ${cid}, r.id,
                 ${statusAfter(sql`i.answer`)},
                 ${byLocale(title('en'), title('fr'))},
                 ${byLocale(sql`${TEXTS.en.summary}::text`, sql`${TEXTS.fr.summary}::text`)},
                 ${localised('description', 'text', sql`i.g`)},
                 ${localised('description', 'html', sql`i.g`)},
                 r.locale,
                 coalesce(s.n, 0), coalesce(s.recent, 0),
                 CASE WHEN i.answer < 4 AND s.due_hago IS NOT NULL THEN ${at} - s.due_hago * interval '1 hour' + ${RULE_DAYS}::int * interval '1 day' END,
                 CASE WHEN i.answer >= 4 THEN ${minutesAgo(sql`i.rm`)} END,
                 ${minutesAgo(sql`i.pm`)}, ${minutesAgo(sql`i.pm`)}
          FROM load_ideas AS i JOIN load_residents AS r ON r.n = i.author LEFT JOIN load_support AS s ON s.g = i.g
          WHERE ${range(sql`i.g`)}`);
        await step(sql`
          INSERT INTO idea_topics (idea_id, topic_id, challenge_id, shuffle_key)
          SELECT i.id, t.id, d.challenge_id, d.shuffle_key
          FROM load_ideas AS i JOIN ideas AS d ON d.id = i.id JOIN load_topics AS t ON t.i = i.g % ${topicCount}::bigint
          WHERE ${range(sql`i.g`)}`);
        await step(sql`
          INSERT INTO idea_votes (idea_id, user_id, challenge_id, created_at)
          SELECT i.id, r.id, ${cid}, ${at} - v.hago * interval '1 hour'
          FROM load_votes AS v JOIN load_ideas AS i ON i.g = v.g JOIN load_residents AS r ON r.n = v.voter
          WHERE ${range(sql`v.g`)}`);
        await step(sql`
          INSERT INTO idea_responses (idea_id, author_id, author_name, role_title, organisation_id, body, body_html, status_from, status_to, reason, created_at)
          SELECT i.id, ${staff.id}::uuid, ${staff.displayName}::text, ${staffTitle}::text, ${organisationId}::uuid,
                 ${withNumber(texts.answer.text, sql`i.g`)}, ${withNumber(texts.answer.html, sql`i.g`)}, 'submitted', ${statusAfter(sql`i.answer`)},
                 'Synthetic reason.', ${minutesAgo(sql`i.rm`)}
          FROM load_ideas AS i WHERE i.answer >= 4 AND ${range(sql`i.g`)}`);
        await step(sql`
          INSERT INTO comments (id, subject_id, author_id, parent_id, thread_id, depth, body, body_html, language, created_at)
          SELECT c.id, i.id, r.id, p.id, t.id, c.j % 3,
                 ${localised('comment', 'text', sql`c.g`)},
                 ${localised('comment', 'html', sql`c.g`)},
                 r.locale, ${minutesAgo(sql`c.mago`)}
          FROM load_comments AS c
          JOIN load_ideas AS i ON i.g = c.g
          JOIN load_residents AS r ON r.n = c.author
          JOIN load_comments AS t ON t.g = c.g AND t.j = c.j - c.j % 3
          LEFT JOIN load_comments AS p ON p.g = c.g AND p.j = c.j - 1 AND c.j % 3 > 0
          WHERE ${range(sql`c.g`)}`);
      }
      // Counts kept on rows other than the ones inserted: the ideas' subjects, the supporters' budgets, the challenge.
      await step(sql`
        UPDATE subjects SET comment_count = x.n
        FROM (SELECT i.id, count(*) AS n FROM load_comments AS c JOIN load_ideas AS i ON i.g = c.g GROUP BY i.id) AS x
        WHERE subjects.id = x.id`);
      await step(sql`
        INSERT INTO challenge_voters (challenge_id, user_id, votes_used)
        SELECT ${cid}, r.id, count(*) FILTER (WHERE i.answer <> ${NOT_TAKEN_FORWARD}::int)
        FROM load_votes AS v JOIN load_ideas AS i ON i.g = v.g JOIN load_residents AS r ON r.n = v.voter
        GROUP BY r.id`);
      await step(sql`
        UPDATE challenges SET
          idea_count = (SELECT count(*) FROM ideas WHERE challenge_id = ${cid} AND status NOT IN ('draft', 'withdrawn')),
          participant_count = (SELECT count(DISTINCT author_id) FROM ideas WHERE challenge_id = ${cid} AND status NOT IN ('draft', 'withdrawn'))
        WHERE id = ${cid}`);

      counts.supports += await count(sql`SELECT count(*) AS n FROM load_votes`);
      counts.responses += await count(sql`SELECT count(*) AS n FROM load_ideas WHERE answer >= 4`);
      counts.comments += await count(sql`SELECT count(*) AS n FROM load_comments`);
      ideasDone += await count(sql`SELECT count(*) AS n FROM load_ideas`);
      options.onProgress?.(ideasDone);
    }
    options.signal?.throwIfAborted();
    // Written without the commands: every cached anonymous page is renewed (decision 0051), last, as a command bumps its scopes.
    await bumpPages(tx, [pageScope.site]);
    return { ideas: ideasDone };
  });
  await deps.db.execute(sql`ANALYZE`);
  return { run, organisationSlug: slug, challenges: challengeCount, users: userCount, ideas: result.ideas, ...counts };
}
