ALTER TABLE "challenges" ADD COLUMN "participant_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "challenges" c SET "participant_count" = (SELECT count(DISTINCT i."author_id")::int FROM "ideas" i WHERE i."challenge_id" = c."id" AND i."status" NOT IN ('draft', 'withdrawn'));
