-- The fair random order reads only the rows it shows (docs/decisions/0053-the-fair-random-order-s-promise-and-its-seed-set.md).
-- Hand-edited (data moves with the schema); drizzle/meta/0013_snapshot.json is the schema after it.

-- Its index holds the ideas in play only (the default list no longer walks past withdrawn ideas
-- and ideas not taken forward), and a second one serves the status filter, one status at a time.
DROP INDEX "ideas_shuffle_idx";
--> statement-breakpoint
CREATE INDEX "ideas_shuffle_idx" ON "ideas" USING btree ("challenge_id","shuffle_key","id") WHERE status NOT IN ('draft', 'withdrawn', 'not_taken_forward');
--> statement-breakpoint
CREATE INDEX "ideas_shuffle_status_idx" ON "ideas" USING btree ("challenge_id","status","shuffle_key","id") WHERE status <> 'draft';
--> statement-breakpoint

-- The topic filter walks a topic's ideas of one challenge in shuffle-key order: each idea-topic
-- row carries its idea's challenge and shuffle key (copies of values that never change).
ALTER TABLE "idea_topics" ADD COLUMN "challenge_id" uuid;
--> statement-breakpoint
ALTER TABLE "idea_topics" ADD COLUMN "shuffle_key" integer;
--> statement-breakpoint
UPDATE "idea_topics" AS t SET "challenge_id" = i."challenge_id", "shuffle_key" = i."shuffle_key" FROM "ideas" AS i WHERE i."id" = t."idea_id";
--> statement-breakpoint
ALTER TABLE "idea_topics" ALTER COLUMN "challenge_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "idea_topics" ALTER COLUMN "shuffle_key" SET NOT NULL;
--> statement-breakpoint
CREATE INDEX "idea_topics_shuffle_idx" ON "idea_topics" USING btree ("topic_id","challenge_id","shuffle_key","idea_id");
