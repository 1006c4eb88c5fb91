import { count } from 'drizzle-orm';
import { hashPassword } from '../auth/password.js';
import { newToken } from '../auth/tokens.js';
import type { Db } from '../db/client.js';
import { invitations, memberships, organisations, users } from '../db/schema/index.js';
import type { Deps } from '../lib/context.js';

/** Public demo sign-in details: printed in the start-up log, only ever used on demo data. */
export const DEMO_PASSWORD = 'riverside-demo-2026';
export const DEMO_ACCOUNTS = [
  { email: 'admin@commonwise.example', displayName: 'Alex Morgan', role: 'Platform admin', isAdmin: true },
  { email: 'priya.shah@riverside.example', displayName: 'Priya Shah', role: 'Riverside Council — Digital engagement officer (owner)', isAdmin: false },
  { email: 'tom.okafor@riverside.example', displayName: 'Tom Okafor', role: 'Riverside Council — Climate programme lead', isAdmin: false },
  { email: 'marie.dubois@greenlink.example', displayName: 'Marie Dubois', role: 'GreenLink Community Trust — Partnerships manager (owner)', isAdmin: false },
  { email: 'sam.taylor@example.org', displayName: 'Sam Taylor', role: 'Citizen', isAdmin: false },
  { email: 'lea.martin@example.org', displayName: 'Léa Martin', role: 'Citizen (French)', isAdmin: false },
] as const;

async function isEmpty(db: Db) {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/** Seeds the demo once, into an empty database; returns false when there was already data. */
export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  if (!(await isEmpty(deps.db))) return false;
  await seedDemo(deps.db);
  deps.logger.info('demo content created; sign in with any of these accounts', {
    password: DEMO_PASSWORD,
    accounts: DEMO_ACCOUNTS.map((a) => `${a.email} (${a.role})`),
  });
  process.stdout.write(
    `\nDemo accounts (password for all: ${DEMO_PASSWORD}):\n` + DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(34)} ${a.role}`).join('\n') + '\n\n',
  );
  return true;
}

export async function seedDemo(db: Db) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date();
  await db.transaction(async (tx) => {
    const created = await tx
      .insert(users)
      .values(
        DEMO_ACCOUNTS.map((a) => ({
          email: a.email,
          displayName: a.displayName,
          passwordHash,
          isAdmin: a.isAdmin,
          emailVerifiedAt: now,
          locale: a.email.startsWith('lea.') ? ('fr' as const) : ('en' as const),
          bio: '',
        })),
      )
      .returning({ id: users.id, email: users.email });
    const id = (email: string) => created.find((u) => u.email === email)!.id;
    const [council, partner] = await tx
      .insert(organisations)
      .values([
        {
          kind: 'council',
          name: 'Riverside Council',
          slug: 'riverside-council',
          description:
            'Riverside Council serves 180,000 residents along the Wend valley. We use Commonwise to open our hardest problems to residents, businesses and partners.',
          website: 'https://riverside.example',
          verified: true,
        },
        {
          kind: 'partner',
          name: 'GreenLink Community Trust',
          slug: 'greenlink-community-trust',
          description: 'A charity that helps neighbourhood groups plant, grow and look after green spaces across the region.',
          website: 'https://greenlink.example',
          verified: true,
        },
      ])
      .returning({ id: organisations.id });
    await tx.insert(memberships).values([
      { organisationId: council!.id, userId: id('priya.shah@riverside.example'), role: 'owner', title: 'Digital engagement officer' },
      { organisationId: council!.id, userId: id('tom.okafor@riverside.example'), role: 'member', title: 'Climate programme lead' },
      { organisationId: partner!.id, userId: id('marie.dubois@greenlink.example'), role: 'owner', title: 'Partnerships manager' },
    ]);
    // One pending invitation, so the council's members page shows one. Nobody holds its link
    // (only the hash of a random token is stored); invite someone from that page to get a working one.
    await tx.insert(invitations).values({
      organisationId: council!.id,
      email: 'jo.bennett@riverside.example',
      role: 'member',
      title: 'Parks and open spaces officer',
      tokenHash: newToken().hash,
      invitedBy: id('priya.shah@riverside.example'),
      expiresAt: new Date(now.getTime() + 7 * 86_400_000),
    });
  });
}
