-- Rows as the release that shipped 0010_share_dismissed wrote them: a share its traveller took off
-- their list (kept, with its key, and when it was dismissed).
insert into users (id, display_name) values ('00000000-0000-4000-8000-0000000000dd', 'Tidy traveller');
insert into shares (id, user_id, text, content_hash, status, error_code, received_at, updated_at, dismissed_at)
values ('10000000-0000-4000-8000-000000000010', '00000000-0000-4000-8000-0000000000dd',
  'Treffpunkt beim Kiosk', 'hash-10', 'failed', 'no_link_found', '2026-12-01T10:00:00Z',
  '2026-12-01T10:00:00Z', '2026-12-01T10:05:00Z');
insert into share_keys (user_id, content_hash, share_id, received_at)
values ('00000000-0000-4000-8000-0000000000dd', 'hash-10', '10000000-0000-4000-8000-000000000010',
  '2026-12-01T10:00:00Z');
