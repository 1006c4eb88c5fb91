ALTER TABLE "comments" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
-- What was written before languages were recorded: in its author's interface language (English when the author is gone).
UPDATE "ideas" i SET "language" = u."locale" FROM "users" u WHERE u."id" = i."author_id" AND u."locale" <> 'en';--> statement-breakpoint
UPDATE "comments" c SET "language" = u."locale" FROM "users" u WHERE u."id" = c."author_id" AND u."locale" <> 'en';
