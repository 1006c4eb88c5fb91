CREATE TABLE "vote_set_asides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"challenge_id" uuid NOT NULL,
	"signal" text NOT NULL,
	"reason" text NOT NULL,
	"supports" integer NOT NULL,
	"decided_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "idea_votes" ADD COLUMN "network" text;--> statement-breakpoint
ALTER TABLE "idea_votes" ADD COLUMN "agent" text;--> statement-breakpoint
ALTER TABLE "idea_votes" ADD COLUMN "set_aside_id" uuid;--> statement-breakpoint
ALTER TABLE "vote_set_asides" ADD CONSTRAINT "vote_set_asides_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_set_asides" ADD CONSTRAINT "vote_set_asides_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vote_set_asides_challenge_idx" ON "vote_set_asides" USING btree ("challenge_id","created_at");--> statement-breakpoint
ALTER TABLE "idea_votes" ADD CONSTRAINT "idea_votes_set_aside_id_vote_set_asides_id_fk" FOREIGN KEY ("set_aside_id") REFERENCES "public"."vote_set_asides"("id") ON DELETE no action ON UPDATE no action;