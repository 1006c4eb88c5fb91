DROP INDEX "invitations_token_hash_key";--> statement-breakpoint
DROP INDEX "judge_invitations_token_hash_key";--> statement-breakpoint
ALTER TABLE "invitations" DROP COLUMN "token_hash";--> statement-breakpoint
ALTER TABLE "judge_invitations" DROP COLUMN "token_hash";