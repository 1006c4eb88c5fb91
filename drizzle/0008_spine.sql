-- The spine (docs/decisions/0036–0039): subjects, one discussion, one follow, events, notifications.
-- Hand-written (data moves with the schema); drizzle/meta/0008_snapshot.json is the schema after it.

-- Subjects: one row per idea and challenge, with the entity's own id.
CREATE TABLE "subjects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"comment_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
INSERT INTO "subjects" ("id", "kind", "comment_count", "created_at") SELECT "id", 'challenge', 0, "created_at" FROM "challenges";
--> statement-breakpoint
INSERT INTO "subjects" ("id", "kind", "comment_count", "created_at") SELECT "id", 'idea', "comment_count", "created_at" FROM "ideas";
--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_id_subjects_id_fk" FOREIGN KEY ("id") REFERENCES "public"."subjects"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_id_subjects_id_fk" FOREIGN KEY ("id") REFERENCES "public"."subjects"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- A subject table's rows bring their subject row with them, and take it away (a subject table
-- has an id and a created_at).
CREATE FUNCTION "subject_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN NEW.id := gen_random_uuid(); END IF;
  INSERT INTO subjects (id, kind, created_at) VALUES (NEW.id, TG_ARGV[0], coalesce(NEW.created_at, now()));
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "subject_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM subjects WHERE id = OLD.id;
  RETURN OLD;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "challenges_subject_insert" BEFORE INSERT ON "challenges" FOR EACH ROW EXECUTE FUNCTION subject_insert('challenge');
--> statement-breakpoint
CREATE TRIGGER "challenges_subject_delete" AFTER DELETE ON "challenges" FOR EACH ROW EXECUTE FUNCTION subject_delete();
--> statement-breakpoint
CREATE TRIGGER "ideas_subject_insert" BEFORE INSERT ON "ideas" FOR EACH ROW EXECUTE FUNCTION subject_insert('idea');
--> statement-breakpoint
CREATE TRIGGER "ideas_subject_delete" AFTER DELETE ON "ideas" FOR EACH ROW EXECUTE FUNCTION subject_delete();
--> statement-breakpoint
ALTER TABLE "ideas" DROP COLUMN "comment_count";
--> statement-breakpoint

-- One discussion: comments hang on subjects (an idea's id is its subject's id: no row changes).
ALTER TABLE "comments" DROP CONSTRAINT "comments_idea_id_ideas_id_fk";
--> statement-breakpoint
ALTER TABLE "comments" RENAME COLUMN "idea_id" TO "subject_id";
--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint

-- One follow: the two tables become one.
CREATE TABLE "follows" (
	"user_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follows_user_id_subject_id_pk" PRIMARY KEY("user_id","subject_id")
);
--> statement-breakpoint
ALTER TABLE "follows" ADD CONSTRAINT "follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "follows" ADD CONSTRAINT "follows_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
INSERT INTO "follows" ("user_id", "subject_id", "created_at") SELECT "user_id", "idea_id", "created_at" FROM "idea_follows";
--> statement-breakpoint
INSERT INTO "follows" ("user_id", "subject_id", "created_at") SELECT "user_id", "challenge_id", "created_at" FROM "challenge_follows";
--> statement-breakpoint
CREATE INDEX "follows_subject_idx" ON "follows" USING btree ("subject_id");
--> statement-breakpoint
CREATE INDEX "follows_user_created_idx" ON "follows" USING btree ("user_id","created_at" DESC NULLS FIRST,"subject_id");
--> statement-breakpoint
DROP TABLE "idea_follows";
--> statement-breakpoint
DROP TABLE "challenge_follows";
--> statement-breakpoint

-- Events: the audit log becomes the typed event record (ids and codes only).
ALTER TABLE "audit_log" RENAME TO "events";
--> statement-breakpoint
ALTER SEQUENCE "audit_log_id_seq" RENAME TO "events_id_seq";
--> statement-breakpoint
ALTER TABLE "events" RENAME CONSTRAINT "audit_log_pkey" TO "events_pkey";
--> statement-breakpoint
ALTER TABLE "events" RENAME CONSTRAINT "audit_log_actor_id_users_id_fk" TO "events_actor_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "events" RENAME COLUMN "action" TO "name";
--> statement-breakpoint
ALTER TABLE "events" RENAME COLUMN "data" TO "payload";
--> statement-breakpoint
ALTER TABLE "events" RENAME COLUMN "created_at" TO "occurred_at";
--> statement-breakpoint
ALTER INDEX "audit_log_created_at_idx" RENAME TO "events_occurred_at_idx";
--> statement-breakpoint
ALTER INDEX "audit_log_entity_idx" RENAME TO "events_entity_idx";
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "subject_id" uuid;
--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
-- Past entries about subjects point at them; people's words (membership titles) leave the record.
UPDATE "events" SET "subject_id" = s."id" FROM "subjects" s WHERE "events"."entity_type" IN ('idea', 'challenge') AND "events"."entity_id" = s."id"::text;
--> statement-breakpoint
UPDATE "events" SET "subject_id" = s."id" FROM "subjects" s WHERE "events"."entity_type" = 'comment' AND "events"."payload" ->> 'ideaId' = s."id"::text;
--> statement-breakpoint
UPDATE "events" SET "payload" = "payload" - 'title' #- '{from,title}' #- '{to,title}' WHERE "name" IN ('membership.remove', 'membership.leave', 'membership.update');
--> statement-breakpoint
CREATE INDEX "events_subject_idx" ON "events" USING btree ("subject_id","id") WHERE subject_id IS NOT NULL;
--> statement-breakpoint

-- Notifications.
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"event_id" bigint NOT NULL,
	"subject_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"message" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_event_key" ON "notifications" USING btree ("user_id","event_id");
--> statement-breakpoint
CREATE INDEX "notifications_user_newest_idx" ON "notifications" USING btree ("user_id","id" DESC NULLS FIRST);
--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id") WHERE read_at IS NULL;
--> statement-breakpoint
CREATE INDEX "notifications_read_at_idx" ON "notifications" USING btree ("read_at") WHERE read_at IS NOT NULL;
--> statement-breakpoint

-- Challenge milestones already announced. Those of published challenges already passed count as
-- announced, so the first run after this migration does not notify about the past (a draft's are
-- announced when it is published, as the job does for any challenge).
CREATE TABLE "challenge_milestones" (
	"challenge_id" uuid NOT NULL,
	"milestone" text NOT NULL,
	"event_id" bigint,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenge_milestones_challenge_id_milestone_pk" PRIMARY KEY("challenge_id","milestone")
);
--> statement-breakpoint
ALTER TABLE "challenge_milestones" ADD CONSTRAINT "challenge_milestones_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "challenge_milestones" ADD CONSTRAINT "challenge_milestones_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
INSERT INTO "challenge_milestones" ("challenge_id", "milestone")
SELECT c."id", m."milestone" FROM "challenges" c
CROSS JOIN LATERAL (VALUES ('ideasOpen', c."submissions_open_at"), ('votingOpen', c."voting_open_at"), ('votingClose', c."voting_close_at"), ('results', c."results_at")) AS m("milestone", "at")
WHERE c."status" = 'published' AND m."at" IS NOT NULL AND m."at" <= now();
