CREATE INDEX "playlists_sync_due_idx" ON "playlists" USING btree ("updated_at") WHERE sync_status in ('pending', 'failed');--> statement-breakpoint
CREATE INDEX "reminders_user_idx" ON "reminders" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "share_keys_share_idx" ON "share_keys" USING btree ("share_id");