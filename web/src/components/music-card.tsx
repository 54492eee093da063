/**
 * Settings → Music: where new mixtapes take their songs from (only what this server offers), the
 * traveller's own Spotify playlists and genres, the explicit filter, songs per artist per hour, and
 * the server's music library (scan, count) when it has one. Each group saves on its own and says so.
 */
import { useSignal } from '@preact/signals';
import { api, type Library, type MusicProvider, type Preferences } from '../api.js';
import { clock, day } from '../format.js';
import { words } from '../i18n/index.js';
import { SETTINGS } from '../i18n/settings.js';
import {
  addGenre,
  MAX_GENRE_LENGTH,
  MAX_GENRES,
  MAX_PLAYLISTS,
  optionsWith,
  parsePlaylists,
} from './music-choices.js';
import { StatusLine, useSaver } from './settings-status.js';
import './music-card.css';

const PER_ARTIST = [1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30];

export function MusicCard(props: {
  preferences: Preferences;
  onSaved: (saved: Preferences) => void;
  sources: { chosen: MusicProvider; available: readonly MusicProvider[] };
  library: Library | null;
}) {
  const t = words(SETTINGS);
  const { preferences: p, onSaved } = props;
  const save = (changes: Parameters<typeof api.updatePreferences>[0]) =>
    api.updatePreferences(changes).then((saved) => {
      onSaved(saved);
      return saved;
    });
  const source = useSaver();
  const spotify = useSaver();
  const filters = useSaver();
  const chosen = useSignal(props.sources.chosen);
  const offersSpotify = props.sources.available.includes('spotify');

  return (
    <section class="card settings-card" aria-labelledby="settings-music" data-testid="music">
      <h2 id="settings-music">{t.musicHeading}</h2>
      <fieldset class="settings-group" data-testid="music-source">
        <legend>{t.sourceLegend}</legend>
        {props.sources.available.map((provider) => (
          <label class="settings-choice" key={provider}>
            <input
              type="radio"
              name="music-source"
              value={provider}
              checked={chosen.value === provider}
              onChange={() => {
                const before = chosen.value;
                chosen.value = provider;
                void source
                  .run(
                    () => save({ musicSource: provider }),
                    (saved) => t.sourceSaved(t.sourceNames[saved.musicSource]),
                  )
                  .then((saved) => {
                    if (!saved) chosen.value = before;
                  });
              }}
            />
            <span>{t.sourceLabels[provider]}</span>
          </label>
        ))}
        <StatusLine status={source.status} testid="music-source-status" />
      </fieldset>

      {offersSpotify && (
        <fieldset class="settings-group" data-testid="spotify-music">
          <legend>{t.spotifyMusicLegend}</legend>
          <label class="settings-choice">
            <input
              type="checkbox"
              data-testid="top-tracks"
              checked={p.spotify.topTracks}
              onChange={(e) => {
                const topTracks = e.currentTarget.checked;
                void spotify.run(
                  () => save({ spotify: { topTracks } }),
                  () => t.saved,
                );
              }}
            />
            <span>{t.topTracks}</span>
          </label>
          <label class="settings-choice">
            <input
              type="checkbox"
              data-testid="saved-tracks"
              checked={p.spotify.savedTracks}
              onChange={(e) => {
                const savedTracks = e.currentTarget.checked;
                void spotify.run(
                  () => save({ spotify: { savedTracks } }),
                  () => t.saved,
                );
              }}
            />
            <span>{t.savedTracks}</span>
          </label>
          <Playlists
            ids={p.spotify.playlistIds}
            save={(playlistIds) =>
              spotify.run(
                () => save({ spotify: { playlistIds } }),
                (saved) => t.playlistsSaved(saved.spotify.playlistIds.length),
              )
            }
            fail={(text) => {
              spotify.status.value = { kind: 'error', text };
            }}
          />
          <Genres
            genres={p.spotify.genres}
            save={(genres) =>
              spotify.run(
                () => save({ spotify: { genres } }),
                () => t.saved,
              )
            }
            fail={(text) => {
              spotify.status.value = { kind: 'error', text };
            }}
          />
          <StatusLine status={spotify.status} testid="spotify-music-status" />
        </fieldset>
      )}

      <div class="settings-group">
        <label class="settings-choice">
          <input
            type="checkbox"
            data-testid="explicit"
            checked={p.allowExplicit}
            onChange={(e) => {
              const allowExplicit = e.currentTarget.checked;
              void filters.run(
                () => save({ allowExplicit }),
                (saved) => t.explicitSaved(saved.allowExplicit),
              );
            }}
          />
          <span>{t.explicitLabel}</span>
        </label>
        <div class="field">
          <label for="per-artist">{t.perArtistLabel}</label>
          <select
            id="per-artist"
            data-testid="per-artist"
            aria-describedby="per-artist-help"
            value={String(p.maxTracksPerArtistPerHour)}
            onChange={(e) => {
              const n = Number(e.currentTarget.value);
              void filters.run(
                () => save({ maxTracksPerArtistPerHour: n }),
                (saved) => t.perArtistSaved(saved.maxTracksPerArtistPerHour),
              );
            }}
          >
            {optionsWith(PER_ARTIST, p.maxTracksPerArtistPerHour).map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
          <span id="per-artist-help" class="muted settings-hint">
            {t.perArtistHelp}
          </span>
        </div>
        <StatusLine status={filters.status} testid="filters-status" />
      </div>

      {props.library?.configured && <LibraryGroup library={props.library} />}
    </section>
  );
}

function Playlists(props: {
  ids: readonly string[];
  save: (ids: string[]) => Promise<unknown>;
  fail: (text: string) => void;
}) {
  const t = words(SETTINGS);
  const text = useSignal(props.ids.join('\n'));
  return (
    <form
      class="field"
      onSubmit={(e) => {
        e.preventDefault();
        const { ids, invalid } = parsePlaylists(text.value);
        if (invalid.length > 0) return props.fail(t.playlistsInvalid(invalid.join(', ')));
        if (ids.length > MAX_PLAYLISTS) return props.fail(t.playlistsTooMany(MAX_PLAYLISTS));
        // What is kept is the ids: the box shows them as saved.
        void props.save(ids).then((saved) => {
          if (saved) text.value = ids.join('\n');
        });
      }}
    >
      <label for="playlists">{t.playlistsLabel}</label>
      <textarea
        id="playlists"
        data-testid="playlists"
        rows={3}
        spellcheck={false}
        autocomplete="off"
        aria-describedby="playlists-help"
        value={text.value}
        onInput={(e) => {
          text.value = e.currentTarget.value;
        }}
      />
      <span id="playlists-help" class="muted settings-hint">
        {t.playlistsHelp}
      </span>
      <div>
        <button type="submit" class="button secondary" data-testid="playlists-save">
          {t.playlistsSave}
        </button>
      </div>
    </form>
  );
}

function Genres(props: {
  genres: readonly string[];
  save: (genres: string[]) => Promise<unknown>;
  fail: (text: string) => void;
}) {
  const t = words(SETTINGS);
  const typed = useSignal('');
  return (
    <div class="field" data-testid="genres">
      <span class="label" id="genres-label">
        {t.genresLabel}
      </span>
      {props.genres.length === 0 ? (
        <p class="muted">{t.genresNone}</p>
      ) : (
        <ul class="list music-chips" aria-labelledby="genres-label">
          {props.genres.map((genre) => (
            <li class="music-chip" key={genre} data-genre={genre}>
              <span>{genre}</span>
              <button
                type="button"
                class="music-chip-remove"
                aria-label={t.genreRemove(genre)}
                onClick={() => void props.save(props.genres.filter((g) => g !== genre))}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          const next = addGenre(props.genres, typed.value);
          if (next.error === 'empty') return;
          if (next.error === 'tooLong') return props.fail(t.genreTooLong(MAX_GENRE_LENGTH));
          if (next.error === 'tooMany') return props.fail(t.genresTooMany(MAX_GENRES));
          void props.save(next.genres).then((saved) => {
            if (saved) typed.value = '';
          });
        }}
      >
        <input
          type="text"
          class="music-genre-input"
          data-testid="genre-input"
          aria-labelledby="genres-label"
          aria-describedby="genres-help"
          maxLength={MAX_GENRE_LENGTH}
          value={typed.value}
          onInput={(e) => {
            typed.value = e.currentTarget.value;
          }}
        />
        <button type="submit" class="button secondary" data-testid="genre-add">
          {t.genreAdd}
        </button>
      </form>
      <span id="genres-help" class="muted settings-hint">
        {t.genresHelp}
      </span>
    </div>
  );
}

function LibraryGroup(props: { library: Library }) {
  const t = words(SETTINGS);
  const library = useSignal(props.library);
  const scan = useSaver();
  const last = library.value.lastScan;
  return (
    <div class="settings-group" data-testid="library">
      <h3>{t.libraryHeading}</h3>
      <p data-testid="library-count">
        {t.libraryCount(library.value.count)} ·{' '}
        {last
          ? t.libraryLastScan(`${day(last.finishedAt)} ${clock(last.finishedAt)}`)
          : t.libraryNeverScanned}
      </p>
      <button
        type="button"
        class="button secondary"
        data-testid="library-scan"
        disabled={scan.busy || library.value.scanning}
        onClick={() =>
          void scan.run(
            async () => {
              const summary = await api.scanLibrary();
              library.value = await api.library();
              return summary;
            },
            (s) => t.libraryScanned(s.added, s.changed, s.removed, s.failed),
            t.libraryScanning,
          )
        }
      >
        {t.libraryScan}
      </button>
      <StatusLine status={scan.status} testid="library-status" />
    </div>
  );
}
