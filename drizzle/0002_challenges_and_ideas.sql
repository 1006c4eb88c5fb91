CREATE TABLE "challenge_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"challenge_id" uuid NOT NULL,
	"edited_by" uuid,
	"edited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"before" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenge_topics" (
	"challenge_id" uuid NOT NULL,
	"topic_id" integer NOT NULL,
	CONSTRAINT "challenge_topics_challenge_id_topic_id_pk" PRIMARY KEY("challenge_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"brief" text DEFAULT '' NOT NULL,
	"brief_html" text DEFAULT '' NOT NULL,
	"rules" text DEFAULT '' NOT NULL,
	"prize" text DEFAULT '' NOT NULL,
	"title_fr" text,
	"summary_fr" text,
	"brief_fr" text,
	"brief_fr_html" text,
	"submissions_open_at" timestamp with time zone NOT NULL,
	"submissions_close_at" timestamp with time zone NOT NULL,
	"voting_open_at" timestamp with time zone,
	"voting_close_at" timestamp with time zone,
	"judging_close_at" timestamp with time zone,
	"results_at" timestamp with time zone,
	"vote_budget" integer DEFAULT 5 NOT NULL,
	"closed_early_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"idea_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(title_fr, '')), 'A') || setweight(to_tsvector('simple', coalesce(summary, '') || ' ' || coalesce(summary_fr, '')), 'B') || setweight(to_tsvector('simple', coalesce(brief, '') || ' ' || coalesce(brief_fr, '')), 'C')) STORED
);
--> statement-breakpoint
CREATE TABLE "idea_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"idea_id" uuid NOT NULL,
	"edited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"description" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idea_topics" (
	"idea_id" uuid NOT NULL,
	"topic_id" integer NOT NULL,
	CONSTRAINT "idea_topics_idea_id_topic_id_pk" PRIMARY KEY("idea_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "ideas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"challenge_id" uuid NOT NULL,
	"author_id" uuid,
	"organisation_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"description_html" text DEFAULT '' NOT NULL,
	"support_count" integer DEFAULT 0 NOT NULL,
	"shuffle_key" integer DEFAULT floor(random() * 2147483647)::int NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"edited_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(summary, '')), 'B') || setweight(to_tsvector('simple', coalesce(description, '')), 'C')) STORED
);
--> statement-breakpoint
CREATE TABLE "submission_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name_en" text NOT NULL,
	"name_fr" text NOT NULL,
	CONSTRAINT "topics_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "challenge_revisions" ADD CONSTRAINT "challenge_revisions_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_revisions" ADD CONSTRAINT "challenge_revisions_edited_by_users_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_topics" ADD CONSTRAINT "challenge_topics_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_topics" ADD CONSTRAINT "challenge_topics_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_revisions" ADD CONSTRAINT "idea_revisions_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_topics" ADD CONSTRAINT "idea_topics_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_topics" ADD CONSTRAINT "idea_topics_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_keys" ADD CONSTRAINT "submission_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "challenge_revisions_challenge_idx" ON "challenge_revisions" USING btree ("challenge_id","edited_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "challenge_topics_topic_idx" ON "challenge_topics" USING btree ("topic_id","challenge_id");--> statement-breakpoint
CREATE INDEX "challenges_org_idx" ON "challenges" USING btree ("organisation_id","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "challenges_closing_idx" ON "challenges" USING btree ("submissions_close_at","id") WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "challenges_newest_idx" ON "challenges" USING btree ("published_at" DESC NULLS LAST,"id") WHERE status <> 'draft';--> statement-breakpoint
CREATE INDEX "challenges_ideas_idx" ON "challenges" USING btree ("idea_count" DESC NULLS LAST,"id") WHERE status <> 'draft';--> statement-breakpoint
CREATE INDEX "challenges_search_idx" ON "challenges" USING gin ("search");--> statement-breakpoint
CREATE INDEX "idea_revisions_idea_idx" ON "idea_revisions" USING btree ("idea_id","edited_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idea_topics_topic_idx" ON "idea_topics" USING btree ("topic_id","idea_id");--> statement-breakpoint
CREATE INDEX "ideas_author_idx" ON "ideas" USING btree ("author_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "ideas_newest_idx" ON "ideas" USING btree ("challenge_id","published_at" DESC NULLS LAST,"id") WHERE status NOT IN ('draft', 'withdrawn');--> statement-breakpoint
CREATE INDEX "ideas_supported_idx" ON "ideas" USING btree ("challenge_id","support_count" DESC NULLS LAST,"id") WHERE status NOT IN ('draft', 'withdrawn');--> statement-breakpoint
CREATE INDEX "ideas_shuffle_idx" ON "ideas" USING btree ("challenge_id","shuffle_key","id") WHERE status NOT IN ('draft', 'withdrawn');--> statement-breakpoint
CREATE INDEX "ideas_search_idx" ON "ideas" USING gin ("search");--> statement-breakpoint
CREATE INDEX "ideas_title_trgm_idx" ON "ideas" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "submission_keys_created_idx" ON "submission_keys" USING btree ("created_at");