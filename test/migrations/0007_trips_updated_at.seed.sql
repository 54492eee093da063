-- Rows as the release that shipped 0007_trips_updated_at wrote them: a trip whose real-time data
-- changed after it was made.
update trips set updated_at = '2026-12-01T07:10:00Z' where id = '20000000-0000-4000-8000-000000000005';
