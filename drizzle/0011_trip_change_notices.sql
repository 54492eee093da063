-- Every write to a trip or its playlist, by any process (each web instance, the cron workers, an
-- operator's psql), tells the web instances listening on `railtape_trip_changes` which trip changed
-- (`src/db/trip-change-feed.ts`): their kept trip answers are then current without asking Postgres
-- for a version on every read. A notice goes out when the transaction commits, and identical notices
-- of one transaction are sent once.
CREATE FUNCTION "railtape_trip_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('railtape_trip_changes', OLD.id::text); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('railtape_trip_changes', NEW.id::text); END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "railtape_playlist_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('railtape_trip_changes', OLD.trip_id::text); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('railtape_trip_changes', NEW.trip_id::text); END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A new trip has no answer kept anywhere yet: only its later writes are told.
CREATE TRIGGER "trips_changed" AFTER UPDATE OR DELETE ON "trips"
  FOR EACH ROW EXECUTE FUNCTION "railtape_trip_changed"();
--> statement-breakpoint
CREATE TRIGGER "playlists_changed" AFTER INSERT OR UPDATE OR DELETE ON "playlists"
  FOR EACH ROW EXECUTE FUNCTION "railtape_playlist_changed"();
