/**
 * One test world per file: `useTestEnv()` opens the file's app and database before its tests and
 * closes them after, and returns the people and places tests are built from.
 *
 *   const { env, db, person, world } = useTestEnv();
 *
 *   it('…', async () => {
 *     const w = await world();
 *     const owner = await w.as('owner');           // signed in, one session per world and role
 *     const { user, client } = await person();     // a verified citizen, signed in
 *     expect((await owner.get(`/organisations/${w.council.slug}`)).status).toBe(200);
 *   });
 *
 * Files that need other settings pass them (`useTestEnv({ rateLimits })`), or make a second app on
 * the same database inside a test with `createTestEnvOn(env, …)`.
 */
import { afterAll, beforeAll } from 'vitest';
import { Client, createTestEnv, sessionClient, type EnvOptions, type SessionClient, type TestEnv } from './app.js';
import {
  addMember,
  createChallenge,
  createIdea,
  createOrganisation,
  createUser,
  PASSWORD,
  type ChallengeOverrides,
  type IdeaOverrides,
  type Organisation,
  type User,
  type UserOverrides,
} from './factories.js';

/** A user and a client signed in as them (a session of its own). */
export type Person = { user: User; client: SessionClient };

/** The roles of a world: a council's owner and member, the owners of another council and of a partner, a citizen, an admin. */
export const ROLES = ['citizen', 'partner', 'member', 'owner', 'otherStaff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type WorldOptions<Extra extends string> = {
  /** Overrides for the user of a role (e.g. a display name). */
  users?: Partial<Record<Role, UserOverrides>>;
  /** Role titles of the staff ('Officer' unless told otherwise). */
  titles?: Partial<Record<'owner' | 'member' | 'otherStaff' | 'partner', string>>;
  /** More users belonging to no organisation, by name (e.g. `['author']`). */
  extra?: readonly Extra[];
};

export type World<Extra extends string = never> = {
  /** A council whose owner is `owner` and whose member is `member`. */
  council: Organisation;
  /** Another council, owned by `otherStaff`. */
  otherCouncil: Organisation;
  /** A partner organisation, owned by `partner`. */
  partnerOrg: Organisation;
  users: Record<Role | Extra, User>;
  /** The client of a role, made on first use and then reused: signed in, or anonymous. */
  as(who: Role | Extra | 'anonymous'): Promise<Client>;
};

/** A TestEnv that reads `current()` each time one of its members is used. */
function liveEnv(current: () => TestEnv): TestEnv {
  return {
    get app() {
      return current().app;
    },
    get deps() {
      return current().deps;
    },
    get database() {
      return current().database;
    },
    get config() {
      return current().config;
    },
    get clock() {
      return current().clock;
    },
    drainJobs: () => current().drainJobs(),
    mails: () => current().mails(),
    logs: () => current().logs(),
    countQueries: (fn) => current().countQueries(fn),
    captureQueries: (fn) => current().captureQueries(fn),
    close: () => current().close(),
  };
}

/**
 * Registers the hooks that open this file's environment (app and fresh database, see
 * createTestEnv) before its tests and close it after them.
 */
export function useTestEnv(options: EnvOptions = {}) {
  let current: TestEnv | undefined;
  beforeAll(async () => {
    current = await createTestEnv(options);
  });
  afterAll(async () => {
    await current?.close();
  });
  const env = liveEnv(() => {
    if (!current) throw new Error('the test environment is open only inside tests and hooks');
    return current;
  });
  const db = () => env.deps.db;

  /** A new user (verified unless told otherwise) and a client signed in as them. */
  async function person(overrides: UserOverrides = {}): Promise<Person> {
    const user = await createUser(db(), overrides);
    return { user, client: await sessionClient(env, user.id) };
  }

  /** A new person on the staff of `organisation`, signed in. */
  async function staffOf(organisation: { id: string }, role: 'owner' | 'member' = 'member', title?: string): Promise<Person> {
    const staff = await person();
    await addMember(db(), organisation.id, staff.user.id, role, title);
    return staff;
  }

  /** A Client signed in through the sign-in form (password PASSWORD), for tests of signing in and of sessions. */
  async function signInByForm(user: { email: string }, headers: Record<string, string> = {}): Promise<Client> {
    const client = new Client(env.app, headers);
    await client.signIn(user.email, PASSWORD);
    return client;
  }

  /** A council's challenge (open for ideas unless told otherwise) with a published idea by its author, signed in. */
  async function challengeWithIdea(challengeOverrides: ChallengeOverrides = {}, ideaOverrides: IdeaOverrides = {}) {
    const council = await createOrganisation(db(), { kind: 'council' });
    const challenge = await createChallenge(db(), council.id, challengeOverrides);
    const author = await person();
    const idea = await createIdea(db(), challenge.id, author.user.id, ideaOverrides);
    return { council, challenge, idea, author };
  }

  /** A council with an owner and a member, another council with its owner, a partner organisation with its owner, a citizen and an admin. */
  async function world<Extra extends string = never>(options: WorldOptions<Extra> = {}): Promise<World<Extra>> {
    const council = await createOrganisation(db(), { kind: 'council' });
    const otherCouncil = await createOrganisation(db(), { kind: 'council' });
    const partnerOrg = await createOrganisation(db(), { kind: 'partner' });
    const users = {} as Record<Role | Extra, User>;
    for (const role of ROLES) users[role] = await createUser(db(), { ...(role === 'admin' ? { isAdmin: true } : {}), ...options.users?.[role] });
    for (const name of options.extra ?? []) users[name] = await createUser(db());
    const titles = options.titles ?? {};
    await addMember(db(), council.id, users.owner.id, 'owner', titles.owner);
    await addMember(db(), council.id, users.member.id, 'member', titles.member);
    await addMember(db(), otherCouncil.id, users.otherStaff.id, 'owner', titles.otherStaff);
    await addMember(db(), partnerOrg.id, users.partner.id, 'owner', titles.partner);
    const clients = new Map<string, Client>();
    return {
      council,
      otherCouncil,
      partnerOrg,
      users,
      async as(who) {
        let client = clients.get(who);
        if (!client) {
          client = who === 'anonymous' ? new Client(env.app) : await sessionClient(env, users[who].id);
          clients.set(who, client);
        }
        return client;
      },
    };
  }

  return { env, db, person, staffOf, signInByForm, challengeWithIdea, world };
}
