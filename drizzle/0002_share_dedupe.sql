CREATE TABLE "share_keys" (
	"user_id" uuid NOT NULL,
	"content_hash" text NOT NULL,
	"share_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "share_keys_user_id_content_hash_pk" PRIMARY KEY("user_id","content_hash")
);
--> statement-breakpoint
ALTER TABLE "share_keys" ADD CONSTRAINT "share_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_keys" ADD CONSTRAINT "share_keys_share_id_shares_id_fk" FOREIGN KEY ("share_id") REFERENCES "public"."shares"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Backfill: each (user, content) already shared gets a key on its newest share, so a share received
-- within the last 24 h before the upgrade still de-duplicates the next identical one.
INSERT INTO "share_keys" ("user_id", "content_hash", "share_id", "received_at")
SELECT DISTINCT ON ("user_id", "content_hash") "user_id", "content_hash", "id", "received_at"
FROM "shares"
ORDER BY "user_id", "content_hash", "received_at" DESC, "id" DESC;
