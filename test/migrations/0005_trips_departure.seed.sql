-- Rows as the release that shipped 0005_trips_departure wrote them: a trip with a real-time prognosis
-- on its leg (the expected times live in the trip's JSON, next to the planned ones).
insert into trips (id, user_id, share_id, trip, source, exactness, origin, destination, departure, arrival, duration_seconds)
values ('20000000-0000-4000-8000-000000000005', '00000000-0000-4000-8000-0000000000aa', null,
  '{"source":"sbb-search-link","exactness":"replanned","origin":"Zürich HB","destination":"Bern","departure":"2026-12-01T08:02:00+01:00","arrival":"2026-12-01T08:58:00+01:00","durationSeconds":3360,"legs":[{"mode":"rail","line":"IC 1","trainNumber":"708","from":{"name":"Zürich HB","uic":"8503000","platform":"31"},"to":{"name":"Bern","uic":"8507000","platform":"7"},"departure":"2026-12-01T08:02:00+01:00","arrival":"2026-12-01T08:58:00+01:00","expectedDeparture":"2026-12-01T08:02:00+01:00","expectedArrival":"2026-12-01T09:05:00+01:00"}]}',
  'sbb-search-link', 'replanned', 'Zürich HB', 'Bern', '2026-12-01T07:02:00Z', '2026-12-01T07:58:00Z', 3360);
