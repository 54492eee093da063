-- Rows as the release that shipped 0009_analytics wrote them: a share stored with its family, an hour
-- of external calls counted by the web process, and one parser alarm raised by the parse worker.
update shares set family = 'sbb_trip_link' where id = '10000000-0000-4000-8000-000000000001';
insert into api_usage_hourly (hour, service, calls, rate_limited, errors)
values ('2026-11-24T09:00:00Z', 'spotify', 42, 1, 0)
on conflict (hour, service) do update set calls = api_usage_hourly.calls + excluded.calls;
insert into parser_alarms (hour, family, reason, total, failed, baseline_total, baseline_failed,
    example_share_ids, raised_at)
values ('2026-11-24T09:00:00Z', 'sbb_app_link', 'failure_rate', 12, 11, 300, 6,
    '["10000000-0000-4000-8000-000000000002"]', '2026-11-24T09:20:00Z')
on conflict (hour, family) do nothing;
