-- Rows as the release that shipped 0011_trip_change_notices wrote them: a playlist whose copy was
-- written to Spotify and a trip whose real-time data changed, each write telling the listeners.
update playlists set sync_status = 'synced', sync_error = null, updated_at = '2026-12-04T07:40:00Z'
where trip_id = '20000000-0000-4000-8000-000000000002';
update trips set updated_at = '2026-12-04T07:41:00Z' where id = '20000000-0000-4000-8000-000000000005';
