-- Rows as the release that shipped 0002_share_dedupe wrote them: every share it stored took its
-- de-duplication key (user, content hash) in the same transaction.
insert into shares (id, user_id, text, content_hash, status, received_at, updated_at)
values ('10000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-0000000000bb',
  'Treffpunkt beim Meeting Point', 'hash-4', 'failed', '2026-11-30T10:00:00Z', '2026-11-30T10:00:00Z');
insert into share_keys (user_id, content_hash, share_id, received_at)
values ('00000000-0000-4000-8000-0000000000bb', 'hash-4', '10000000-0000-4000-8000-000000000004',
  '2026-11-30T10:00:00Z');
