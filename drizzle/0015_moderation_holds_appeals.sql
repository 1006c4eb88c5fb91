DROP INDEX "moderation_items_decided_idx";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "profile_hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "profile_hidden_rule" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "suspended_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "hidden_rule" text;--> statement-breakpoint
ALTER TABLE "moderation_items" ADD COLUMN "appealed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "moderation_items" ADD COLUMN "appeal_note" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "moderation_decisions_created_idx" ON "moderation_decisions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "moderation_items_appealed_idx" ON "moderation_items" USING btree ("appealed_at") WHERE appealed_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "reports_decision_idx" ON "reports" USING btree ("decision_id") WHERE decision_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "reports_created_idx" ON "reports" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "moderation_items_decided_idx" ON "moderation_items" USING btree ("decided_at" DESC NULLS LAST,"id") WHERE state NOT IN ('pending', 'held', 'appealed');