CREATE TABLE "music_accounts" (
	"user_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"account_id" text NOT NULL,
	"access_token" text,
	"refresh_token" text NOT NULL,
	"key_id" text NOT NULL,
	"access_expires_at" timestamp with time zone,
	"scopes" jsonb NOT NULL,
	"consented_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'connected' NOT NULL,
	"status_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "music_accounts_user_id_provider_pk" PRIMARY KEY("user_id","provider")
);
--> statement-breakpoint
CREATE TABLE "music_pools" (
	"user_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"tracks" jsonb NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"api_calls" integer NOT NULL,
	CONSTRAINT "music_pools_user_id_provider_pk" PRIMARY KEY("user_id","provider")
);
--> statement-breakpoint
-- One current playlist per trip: earlier releases could store several; keep the newest of each trip.
DELETE FROM "playlists" AS "older" USING "playlists" AS "newer"
  WHERE "older"."trip_id" = "newer"."trip_id"
    AND ("older"."created_at", "older"."id") < ("newer"."created_at", "newer"."id");--> statement-breakpoint
DROP INDEX "playlists_trip_idx";--> statement-breakpoint
ALTER TABLE "playlists" ADD COLUMN "sync_status" text DEFAULT 'local' NOT NULL;--> statement-breakpoint
ALTER TABLE "playlists" ADD COLUMN "sync_error" text;--> statement-breakpoint
ALTER TABLE "playlists" ADD COLUMN "sync_locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "playlists" ADD COLUMN "synced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "preferences" ADD COLUMN "spotify_top_tracks" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "preferences" ADD COLUMN "spotify_saved_tracks" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "preferences" ADD COLUMN "spotify_playlist_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "preferences" ADD COLUMN "spotify_genres" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "last_seen_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "spotify_id" text;--> statement-breakpoint
ALTER TABLE "music_accounts" ADD CONSTRAINT "music_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "music_pools" ADD CONSTRAINT "music_pools_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "music_accounts_provider_account_idx" ON "music_accounts" USING btree ("provider","account_id");--> statement-breakpoint
CREATE INDEX "playlists_user_created_idx" ON "playlists" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_spotify_id_idx" ON "users" USING btree ("spotify_id");--> statement-breakpoint
CREATE UNIQUE INDEX "playlists_trip_idx" ON "playlists" USING btree ("trip_id");