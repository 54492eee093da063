import { describe, expect, it } from 'vitest';
import { addGenre, MAX_GENRES, optionsWith, parsePlaylists, playlistIdOf } from './music-choices.js';

const ID = '37i9dQZF1DXcBWIGoYBM5M';

describe('playlistIdOf', () => {
  it.each([
    [ID],
    [`  ${ID}\n`],
    [`spotify:playlist:${ID}`],
    [`spotify:user:anna.kuenzli:playlist:${ID}`],
    [`https://open.spotify.com/playlist/${ID}`],
    [`https://open.spotify.com/playlist/${ID}?si=a1b2c3d4e5f64a7b&pi=u-xyz`],
    [`https://open.spotify.com/intl-de/playlist/${ID}?si=abc`],
    [`https://open.spotify.com/intl-pt-br/playlist/${ID}`],
    [`https://open.spotify.com/embed/playlist/${ID}`],
    [`https://open.spotify.com/user/spotify/playlist/${ID}`],
    [`open.spotify.com/playlist/${ID}/`],
    [`http://open.spotify.com/playlist/${ID}#top`],
  ])('reads %s', (pasted) => {
    expect(playlistIdOf(pasted)).toBe(ID);
  });

  it.each([
    [''],
    ['37i9dQZF1DXcBWIGoYBM5'], // 21 characters
    ['37i9dQZF1DXcBWIGoYBM5MX'], // 23
    ['37i9dQZF1DXcBWIGoYBM-M'],
    [`https://open.spotify.com/album/${ID}`],
    [`https://open.spotify.com/track/${ID}`],
    [`spotify:album:${ID}`],
    [`https://evil.example/playlist/${ID}`],
    [`https://open.spotify.com.evil.example/playlist/${ID}`],
    ['https://spotify.link/AbCdEf123'],
    ['not a link at all'],
  ])('refuses %s', (pasted) => {
    expect(playlistIdOf(pasted)).toBeNull();
  });
});

describe('parsePlaylists', () => {
  it('takes lines, spaces and commas, keeps each id once and names what is not one', () => {
    const other = '0vvXsWCC9xrXsKd4FyS8kM';
    const pasted = `https://open.spotify.com/playlist/${ID}?si=x\n${other}, spotify:playlist:${ID}\n\nhttps://spotify.link/abc`;
    expect(parsePlaylists(pasted)).toEqual({ ids: [ID, other], invalid: ['https://spotify.link/abc'] });
  });

  it('reads an empty box as no playlists', () => {
    expect(parsePlaylists('  \n ')).toEqual({ ids: [], invalid: [] });
  });
});

describe('addGenre', () => {
  it('trims, collapses spaces and does not add a genre twice', () => {
    expect(addGenre(['jazz'], '  swiss   folk ')).toEqual({ genres: ['jazz', 'swiss folk'] });
    expect(addGenre(['Jazz'], 'jazz')).toEqual({ genres: ['Jazz'] });
  });

  it('says why a genre cannot be added, as the server would', () => {
    expect(addGenre([], '   ').error).toBe('empty');
    expect(addGenre([], 'x'.repeat(41)).error).toBe('tooLong');
    expect(addGenre([], 'x'.repeat(40)).error).toBeUndefined();
    const full = Array.from({ length: MAX_GENRES }, (_, i) => `g${i}`);
    expect(addGenre(full, 'one more')).toEqual({ genres: full, error: 'tooMany' });
  });
});

describe('optionsWith', () => {
  it('adds a saved value the list does not offer, in order', () => {
    expect(optionsWith([5, 10, 20], 12)).toEqual([5, 10, 12, 20]);
    expect(optionsWith([5, 10, 20], 10)).toEqual([5, 10, 20]);
  });
});
