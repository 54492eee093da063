-- Rows as the release that shipped 0000_init wrote them; later migrations must keep them readable.
insert into users (id, display_name) values ('00000000-0000-4000-8000-0000000000aa', 'Seeded traveller');
insert into shares (id, user_id, title, text, url, content_hash, status, error_code, error_message)
values
  ('10000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000aa', null,
   'Treffpunkt 13:02 beim Meeting Point', null, 'hash-1', 'failed', 'no_link_found', 'No trip link was found.'),
  ('10000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-0000000000aa', 'Zürich → Bern',
   'https://www.sbb.ch/de/trip?tripId=3HA.x', null, 'hash-2', 'parsed', null, null);
insert into trips (id, user_id, share_id, trip, source, exactness, origin, destination, departure, arrival, duration_seconds)
values ('20000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000aa',
  '10000000-0000-4000-8000-000000000002',
  '{"source":"sbb-trip-link","exactness":"exact","origin":"Zürich HB","destination":"Bern","departure":"2026-11-30T08:02:00+01:00","arrival":"2026-11-30T08:58:00+01:00","durationSeconds":3360,"legs":[]}',
  'sbb-trip-link', 'exact', 'Zürich HB', 'Bern', '2026-11-30T07:02:00Z', '2026-11-30T07:58:00Z', 3360);
-- That release could store several playlists for one trip (the newest was the current one).
insert into playlists (trip_id, user_id, provider, tracks, fit, target_seconds, actual_seconds, seed, created_at)
values ('20000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000aa', 'demo', '[]',
  '{"errorSeconds":0,"segments":[],"boundaries":[],"notes":[]}', 3360, 3360, 3, '2026-11-24T09:00:00Z');
insert into playlists (trip_id, user_id, provider, tracks, fit, target_seconds, actual_seconds, seed, created_at)
values ('20000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000aa', 'demo', '[]',
  '{"errorSeconds":0,"segments":[],"boundaries":[],"notes":[]}', 3360, 3360, 7, '2026-11-24T09:05:00Z');
insert into reminders (trip_id, user_id, kind, due_at)
values ('20000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000aa', 'departure', '2026-11-30T06:52:00Z');
