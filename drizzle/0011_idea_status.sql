-- Idea status rules (issue 10, points 12 and 14; docs/decisions/0049-ideas-not-taken-forward-and-withdrawn.md).
-- Hand-written (data moves with the schema); drizzle/meta/0011_snapshot.json is the schema after it.

-- Why an author withdrew an idea, and their explanation (null/empty for ideas withdrawn before).
ALTER TABLE "ideas" ADD COLUMN "withdraw_reason" text;
--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "withdraw_explanation" text DEFAULT '' NOT NULL;
--> statement-breakpoint

-- The list indexes now hold withdrawn ideas too, so the "withdrawn" filter of a challenge's list
-- is served by them like every other status; the default list filters withdrawn and
-- not-taken-forward ideas out.
DROP INDEX "ideas_newest_idx";
--> statement-breakpoint
DROP INDEX "ideas_supported_idx";
--> statement-breakpoint
DROP INDEX "ideas_trending_idx";
--> statement-breakpoint
DROP INDEX "ideas_shuffle_idx";
--> statement-breakpoint
CREATE INDEX "ideas_newest_idx" ON "ideas" USING btree ("challenge_id","published_at" DESC NULLS FIRST,"id") WHERE status <> 'draft';
--> statement-breakpoint
CREATE INDEX "ideas_supported_idx" ON "ideas" USING btree ("challenge_id","support_count" DESC NULLS FIRST,"id") WHERE status <> 'draft';
--> statement-breakpoint
CREATE INDEX "ideas_trending_idx" ON "ideas" USING btree ("challenge_id","recent_support" DESC NULLS FIRST,"id") WHERE status <> 'draft';
--> statement-breakpoint
CREATE INDEX "ideas_shuffle_idx" ON "ideas" USING btree ("challenge_id","shuffle_key","id") WHERE status <> 'draft';
--> statement-breakpoint

-- Supports on an idea the council did not take forward no longer count against their givers'
-- budgets, as for a withdrawn idea: challenge_voters.votes_used = the person's votes on the
-- challenge's ideas that are neither draft, withdrawn nor not taken forward. Ideas decided
-- before this migration get the same treatment (their vote rows stay).
UPDATE "challenge_voters" AS cv
SET "votes_used" = (
  SELECT count(*)::int FROM "idea_votes" v JOIN "ideas" i ON i."id" = v."idea_id"
  WHERE v."challenge_id" = cv."challenge_id" AND v."user_id" = cv."user_id" AND i."status" NOT IN ('draft', 'withdrawn', 'not_taken_forward')
)
WHERE EXISTS (
  SELECT 1 FROM "idea_votes" v JOIN "ideas" i ON i."id" = v."idea_id"
  WHERE v."challenge_id" = cv."challenge_id" AND v."user_id" = cv."user_id" AND i."status" = 'not_taken_forward'
);
