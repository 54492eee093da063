CREATE TABLE "library_tracks" (
	"id" text PRIMARY KEY NOT NULL,
	"path" text NOT NULL,
	"size" double precision NOT NULL,
	"mtime_ms" double precision NOT NULL,
	"title" text NOT NULL,
	"artists" jsonb NOT NULL,
	"album" text,
	"genre" text,
	"duration_ms" integer NOT NULL,
	"explicit" boolean,
	"scanned_at" timestamp with time zone NOT NULL
);
