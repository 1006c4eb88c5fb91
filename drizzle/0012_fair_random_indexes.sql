-- The fair random order reads only the rows it shows (docs/decisions/0051-the-fair-random-order-s-promise-and-its-seed-set.md):
-- its index holds the ideas in play only (the default list no longer walks past withdrawn ideas and
-- ideas not taken forward), and a second one serves the status filter, one status at a time.
DROP INDEX "ideas_shuffle_idx";--> statement-breakpoint
CREATE INDEX "ideas_shuffle_status_idx" ON "ideas" USING btree ("challenge_id","status","shuffle_key","id") WHERE status <> 'draft';--> statement-breakpoint
CREATE INDEX "ideas_shuffle_idx" ON "ideas" USING btree ("challenge_id","shuffle_key","id") WHERE status NOT IN ('draft', 'withdrawn', 'not_taken_forward');
