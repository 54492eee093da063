-- Rows as the release that shipped 0003_library wrote them: one scanned file of the local music library.
insert into library_tracks (id, path, size, mtime_ms, title, artists, album, genre, duration_ms, explicit, scanned_at)
values ('3f1c9a2b7d4e5f60', 'Artist/Album/01 First.flac', 31457280, 1764583200000.5, 'First',
  '["Artist"]', 'Album', 'Rock', 215000, null, '2026-12-01T10:00:00Z');
