ALTER TABLE "preferences" ADD COLUMN "crossfade_seconds" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "preferences" ADD COLUMN "lead_in_minutes" integer DEFAULT 0 NOT NULL;