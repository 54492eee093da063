import { describe, expect, it } from 'vitest';
import { preferenceChanges } from './preferences.js';

describe('preferenceChanges', () => {
  it('puts the nested Spotify choices into their own columns and keeps the rest as it came', () => {
    expect(
      preferenceChanges({
        allowExplicit: false,
        crossfadeSeconds: 6,
        spotify: { playlistIds: ['37i9dQZF1DXcBWIGoYBM5M'], genres: ['jazz'], savedTracks: false },
      }),
    ).toEqual({
      allowExplicit: false,
      crossfadeSeconds: 6,
      spotifyPlaylistIds: ['37i9dQZF1DXcBWIGoYBM5M'],
      spotifyGenres: ['jazz'],
      spotifySavedTracks: false,
    });
  });

  it('changes nothing of Spotify when the body leaves it out', () => {
    expect(preferenceChanges({ leadInMinutes: 5 })).toEqual({ leadInMinutes: 5 });
    expect(preferenceChanges({ spotify: {} })).toEqual({});
  });
});
