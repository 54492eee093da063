-- Rows as the release that shipped 0006_query_plan_indexes wrote them: a re-fit of the Spotify trip's
-- playlist whose copy failed to write, so the parse worker's retry (playlists_sync_due_idx) finds it.
update playlists set sync_status = 'failed', sync_error = 'Spotify answered 503', updated_at = '2026-12-01T07:30:00Z'
where trip_id = '20000000-0000-4000-8000-000000000002';
