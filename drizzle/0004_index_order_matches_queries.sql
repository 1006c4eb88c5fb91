DROP INDEX "challenge_revisions_challenge_idx";--> statement-breakpoint
DROP INDEX "challenges_org_idx";--> statement-breakpoint
DROP INDEX "challenges_newest_idx";--> statement-breakpoint
DROP INDEX "challenges_ideas_idx";--> statement-breakpoint
DROP INDEX "idea_revisions_idea_idx";--> statement-breakpoint
DROP INDEX "ideas_author_idx";--> statement-breakpoint
DROP INDEX "ideas_newest_idx";--> statement-breakpoint
DROP INDEX "ideas_supported_idx";--> statement-breakpoint
CREATE INDEX "challenge_revisions_challenge_idx" ON "challenge_revisions" USING btree ("challenge_id","edited_at","id");--> statement-breakpoint
CREATE INDEX "challenges_org_idx" ON "challenges" USING btree ("organisation_id","created_at","id");--> statement-breakpoint
CREATE INDEX "challenges_newest_idx" ON "challenges" USING btree ("published_at" DESC NULLS FIRST,"id") WHERE status <> 'draft';--> statement-breakpoint
CREATE INDEX "challenges_ideas_idx" ON "challenges" USING btree ("idea_count" DESC NULLS FIRST,"id") WHERE status <> 'draft';--> statement-breakpoint
CREATE INDEX "idea_revisions_idea_idx" ON "idea_revisions" USING btree ("idea_id","edited_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "ideas_author_idx" ON "ideas" USING btree ("author_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "ideas_newest_idx" ON "ideas" USING btree ("challenge_id","published_at" DESC NULLS FIRST,"id") WHERE status NOT IN ('draft', 'withdrawn');--> statement-breakpoint
CREATE INDEX "ideas_supported_idx" ON "ideas" USING btree ("challenge_id","support_count" DESC NULLS FIRST,"id") WHERE status NOT IN ('draft', 'withdrawn');