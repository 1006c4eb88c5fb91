CREATE TABLE "challenge_voters" (
	"challenge_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"votes_used" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "challenge_voters_challenge_id_user_id_pk" PRIMARY KEY("challenge_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "idea_votes" (
	"idea_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"challenge_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idea_votes_idea_id_user_id_pk" PRIMARY KEY("idea_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idea_id" uuid NOT NULL,
	"author_id" uuid,
	"parent_id" uuid,
	"thread_id" uuid NOT NULL,
	"depth" integer DEFAULT 0 NOT NULL,
	"body" text NOT NULL,
	"body_html" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"edited_at" timestamp with time zone,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "idea_responses" (
	"id" serial PRIMARY KEY NOT NULL,
	"idea_id" uuid NOT NULL,
	"author_id" uuid,
	"author_name" text NOT NULL,
	"role_title" text DEFAULT '' NOT NULL,
	"organisation_id" uuid NOT NULL,
	"body" text NOT NULL,
	"body_html" text NOT NULL,
	"status_from" text,
	"status_to" text,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenge_follows" (
	"user_id" uuid NOT NULL,
	"challenge_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenge_follows_user_id_challenge_id_pk" PRIMARY KEY("user_id","challenge_id")
);
--> statement-breakpoint
CREATE TABLE "idea_follows" (
	"user_id" uuid NOT NULL,
	"idea_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idea_follows_user_id_idea_id_pk" PRIMARY KEY("user_id","idea_id")
);
--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "self_support" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "hide_counts" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "response_days" integer;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "response_threshold" integer;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "comment_policy" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "comment_policy_fr" text;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "recent_support" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "comment_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "response_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "responded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "challenge_voters" ADD CONSTRAINT "challenge_voters_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_voters" ADD CONSTRAINT "challenge_voters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_votes" ADD CONSTRAINT "idea_votes_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_votes" ADD CONSTRAINT "idea_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_votes" ADD CONSTRAINT "idea_votes_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_parent_id_comments_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_responses" ADD CONSTRAINT "idea_responses_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_responses" ADD CONSTRAINT "idea_responses_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_responses" ADD CONSTRAINT "idea_responses_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_follows" ADD CONSTRAINT "challenge_follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_follows" ADD CONSTRAINT "challenge_follows_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_follows" ADD CONSTRAINT "idea_follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_follows" ADD CONSTRAINT "idea_follows_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idea_votes_challenge_user_idx" ON "idea_votes" USING btree ("challenge_id","user_id");--> statement-breakpoint
CREATE INDEX "idea_votes_idea_created_idx" ON "idea_votes" USING btree ("idea_id","created_at");--> statement-breakpoint
CREATE INDEX "idea_votes_created_idx" ON "idea_votes" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idea_votes_user_created_idx" ON "idea_votes" USING btree ("user_id","created_at" DESC NULLS FIRST,"idea_id");--> statement-breakpoint
CREATE INDEX "comments_threads_idx" ON "comments" USING btree ("idea_id","created_at","id") WHERE parent_id IS NULL;--> statement-breakpoint
CREATE INDEX "comments_replies_idx" ON "comments" USING btree ("thread_id","created_at","id");--> statement-breakpoint
CREATE INDEX "comments_author_idx" ON "comments" USING btree ("author_id","created_at" DESC NULLS FIRST,"id");--> statement-breakpoint
CREATE INDEX "idea_responses_idea_idx" ON "idea_responses" USING btree ("idea_id","created_at","id");--> statement-breakpoint
CREATE INDEX "challenge_follows_challenge_idx" ON "challenge_follows" USING btree ("challenge_id");--> statement-breakpoint
CREATE INDEX "challenge_follows_user_created_idx" ON "challenge_follows" USING btree ("user_id","created_at" DESC NULLS FIRST,"challenge_id");--> statement-breakpoint
CREATE INDEX "idea_follows_idea_idx" ON "idea_follows" USING btree ("idea_id");--> statement-breakpoint
CREATE INDEX "idea_follows_user_created_idx" ON "idea_follows" USING btree ("user_id","created_at" DESC NULLS FIRST,"idea_id");--> statement-breakpoint
CREATE INDEX "ideas_trending_idx" ON "ideas" USING btree ("challenge_id","recent_support" DESC NULLS FIRST,"id") WHERE status NOT IN ('draft', 'withdrawn');--> statement-breakpoint
CREATE INDEX "ideas_response_due_idx" ON "ideas" USING btree ("challenge_id","response_due_at","id") WHERE response_due_at IS NOT NULL;