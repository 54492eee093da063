-- Rows as the release that shipped 0008_preferences_crossfade_lead_in wrote them: a traveller who
-- listens with Spotify's 6-second crossfade and wants five minutes of music on the platform.
insert into preferences (user_id, crossfade_seconds, lead_in_minutes)
values ('00000000-0000-4000-8000-0000000000aa', 6, 5)
on conflict (user_id) do update set crossfade_seconds = 6, lead_in_minutes = 5;
