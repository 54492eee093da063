-- Rows as the release that shipped 0001_spotify_accounts wrote them: a Spotify user with a session,
-- a sealed connection, a cached pool and a playlist written to Spotify.
insert into users (id, display_name, locale, spotify_id)
values ('00000000-0000-4000-8000-0000000000bb', 'Spotify traveller', 'de', 'rider-1');
insert into sessions (id, user_id, expires_at, last_seen_at)
values ('a1b2c3', '00000000-0000-4000-8000-0000000000bb', '2026-12-30T00:00:00Z', '2026-11-30T00:00:00Z');
insert into music_accounts (user_id, provider, account_id, access_token, refresh_token, key_id, access_expires_at, scopes, consented_at)
values ('00000000-0000-4000-8000-0000000000bb', 'spotify', 'rider-1', 'v1.k.i.c.t', 'v1.k.i.c.t', 'k',
  '2026-11-30T01:00:00Z', '["user-top-read"]', '2026-11-30T00:00:00Z');
insert into music_pools (user_id, provider, tracks, fetched_at, expires_at, api_calls)
values ('00000000-0000-4000-8000-0000000000bb', 'spotify',
  '[{"id":"spotify:track:0000000000000000000001","title":"Song","artists":["A"],"durationMs":200000,"score":1}]',
  '2026-11-30T00:00:00Z', '2026-11-30T12:00:00Z', 7);
insert into shares (id, user_id, text, content_hash, status)
values ('10000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-0000000000bb',
  'https://www.sbb.ch/de/trip?tripId=3HA.y', 'hash-3', 'parsed');
insert into trips (id, user_id, share_id, trip, source, exactness, origin, destination, departure, arrival, duration_seconds)
values ('20000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-0000000000bb',
  '10000000-0000-4000-8000-000000000003',
  '{"source":"sbb-trip-link","exactness":"exact","origin":"Bern","destination":"Thun","departure":"2026-11-30T09:04:00+01:00","arrival":"2026-11-30T09:21:00+01:00","durationSeconds":1020,"legs":[]}',
  'sbb-trip-link', 'exact', 'Bern', 'Thun', '2026-11-30T08:04:00Z', '2026-11-30T08:21:00Z', 1020);
insert into playlists (trip_id, user_id, provider, external_id, external_url, tracks, fit, target_seconds, actual_seconds, seed, sync_status, synced_at)
values ('20000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-0000000000bb', 'spotify',
  '3cEYpjA9oz9GiPac4AsH4n', 'https://open.spotify.com/playlist/3cEYpjA9oz9GiPac4AsH4n', '[]',
  '{"errorSeconds":0,"segments":[],"boundaries":[],"notes":[]}', 1020, 1020, 11, 'synced', '2026-11-30T07:00:00Z');
