ALTER TABLE "notifications" ALTER COLUMN "subject_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "moderation_items" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "moderation_items_erase_idx" ON "moderation_items" USING btree ("decided_at") WHERE state = 'hidden' AND erased_at IS NULL;