/**
 * npm run create-admin -- --email someone@example.org [--name "Full Name"] [--password "…"]
 *
 * Creates a verified platform admin on the configured database (DATABASE_URL, or PGlite in
 * DATA_DIR), or promotes an existing account. Without --password no password is made up for the
 * person: a one-time link to set their own is printed, valid SET_PASSWORD_HOURS (ASVS V6.4.1).
 * Exit codes: 0 done, 1 could not reach the database, 2 bad input.
 */
import { parseArgs } from 'node:util';
import { hashPassword, passwordProblem, randomPassword } from '../auth/password.js';
import { displayNameField, emailField, setPasswordLink } from '../features/accounts/index.js';
import { translator } from '../i18n/index.js';
import { cliConfig, describeDatabase, fail, openCliDatabase, out } from './support.js';

const USAGE = `Usage: npm run create-admin -- --email someone@example.org [--name "Full Name"] [--password "…"]

Creates a verified platform admin, or makes an existing account a platform admin.
Without --password, a one-time link is printed for the new admin to set their own password
within 24 hours (safer than typing one on a command line, where it stays in the shell history).`;

/** How long the printed link to set the new admin's password works (once). */
const SET_PASSWORD_HOURS = 24;

const t = translator('en');

async function main() {
  let args: { email?: string | undefined; name?: string | undefined; password?: string | undefined; help?: boolean | undefined };
  try {
    args = parseArgs({
      options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`, 2);
  }
  if (args.help) {
    out(USAGE);
    return;
  }
  if (args.email === undefined) fail(`--email is required.\n\n${USAGE}`, 2);

  // Everything is checked before the database is opened.
  const email = emailField.safeParse(args.email);
  if (!email.success) fail(`Invalid email address "${args.email}": ${t('validation.email')}.`, 2);
  const name = displayNameField.safeParse(args.name ?? email.data.split('@')[0]);
  if (!name.success) fail(`Invalid name: ${t(name.error.issues[0]?.message === 'validation.tooLong' ? 'validation.tooLong' : 'validation.required')} (1 to 80 characters).`, 2);
  if (args.password !== undefined) {
    const problem = await passwordProblem(args.password);
    if (problem) fail(`Refused password: ${t(problem)}.`, 2);
  }

  const config = cliConfig();

  // The database stack is loaded only once the input is known to be good: bad input fails fast.
  const [{ eq }, { users }, { recordEvent }] = await Promise.all([
    import('drizzle-orm'),
    import('../db/schema/index.js'),
    import('../jobs/events.js'),
  ]);
  const database = await openCliDatabase(config);
  try {
    // Without --password, a random one nobody is shown: the account can only be entered through the link.
    const passwordHash = await hashPassword(args.password ?? randomPassword());
    const outcome = await database.db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: users.id, isAdmin: users.isAdmin }).from(users).where(eq(users.email, email.data)).limit(1);
      if (existing) {
        if (existing.isAdmin) return { kind: 'already' as const, id: existing.id };
        await tx.update(users).set({ isAdmin: true }).where(eq(users.id, existing.id));
        await recordEvent(tx, { actorId: null, name: 'user.promote_admin', entityType: 'user', entityId: existing.id, payload: { via: 'cli' } });
        return { kind: 'promoted' as const, id: existing.id };
      }
      const [created] = await tx
        .insert(users)
        .values({ email: email.data, displayName: name.data, passwordHash, isAdmin: true, emailVerifiedAt: new Date() })
        .returning({ id: users.id });
      await recordEvent(tx, { actorId: null, name: 'user.create_admin', entityType: 'user', entityId: created!.id, payload: { via: 'cli' } });
      return { kind: 'created' as const, id: created!.id };
    });

    const where = describeDatabase(database, config);
    if (outcome.kind === 'created') {
      out(`Created platform admin ${email.data} ("${name.data}") in ${where}.`);
      if (args.password === undefined) {
        const link = await setPasswordLink(database.db, outcome.id, config.publicUrl, new Date(), SET_PASSWORD_HOURS);
        out(`To set their password, the new admin opens this link within ${SET_PASSWORD_HOURS} hours; it works once (shown only now): ${link}`);
      }
    } else {
      out(
        outcome.kind === 'promoted'
          ? `${email.data} already had an account: it is now a platform admin (in ${where}).`
          : `${email.data} is already a platform admin (in ${where}): nothing changed.`,
      );
      if (args.password !== undefined || args.name !== undefined) out('The existing password and name were kept; use "Forgotten your password?" to change the password.');
    }
    out(`Sign in at ${config.publicUrl}/sign-in`);
  } finally {
    await database.close();
  }
}

try {
  await main();
} catch (err) {
  fail(`create-admin failed: ${err instanceof Error ? err.message : String(err)}`, 1);
}
