CREATE TABLE "judging_settings" (
	"challenge_id" uuid PRIMARY KEY NOT NULL,
	"people_weight" integer DEFAULT 0 NOT NULL,
	"normalisation" text DEFAULT 'none' NOT NULL,
	"blind_review" boolean DEFAULT false NOT NULL,
	"publish_panel" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rubric_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"challenge_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"name_fr" text,
	"description" text DEFAULT '' NOT NULL,
	"description_fr" text,
	"guidance" text DEFAULT '' NOT NULL,
	"guidance_fr" text,
	"weight" integer NOT NULL,
	"scale_min" integer NOT NULL,
	"scale_max" integer NOT NULL,
	"comment_required" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "confirm_rules" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "rules_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "judging_settings" ADD CONSTRAINT "judging_settings_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubric_criteria" ADD CONSTRAINT "rubric_criteria_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rubric_criteria_challenge_idx" ON "rubric_criteria" USING btree ("challenge_id","position");