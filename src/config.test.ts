import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { resolveLogFormat } from './logging.js';

describe('loadConfig', () => {
  it('runs with no variables at all outside production (embedded database, defaults)', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.database.dataDir).toBe('./.data');
    expect(config.spotifyApiUrl).toBe('https://api.spotify.com/v1');
    expect(config.spotify).toBeUndefined();
  });

  it('lists every missing production variable in one error', () => {
    try {
      loadConfig({ NODE_ENV: 'production' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as ConfigError).message;
      for (const key of ['DATABASE_URL', 'PUBLIC_URL', 'SESSION_SECRET', 'TOKEN_ENCRYPTION_KEY']) {
        expect(message).toContain(key);
      }
    }
  });

  it('reports invalid values by name without echoing the value', () => {
    const secret = 'too-short-secret';
    try {
      loadConfig({ PORT: 'eighty', SESSION_SECRET: secret, DATABASE_URL: 'not a url' });
      expect.unreachable();
    } catch (err) {
      const message = (err as ConfigError).message;
      expect(message).toContain('PORT');
      expect(message).toContain('SESSION_SECRET');
      expect(message).toContain('DATABASE_URL');
      expect(message).not.toContain(secret);
    }
  });

  it('refuses half a Spotify configuration', () => {
    expect(() => loadConfig({ SPOTIFY_CLIENT_ID: 'abc' })).toThrow(
      /SPOTIFY_CLIENT_SECRET, SPOTIFY_REDIRECT_URI/,
    );
  });

  it('treats empty strings as unset (Render shows unset variables as empty)', () => {
    expect(loadConfig({ REDIS_URL: '', DATABASE_URL: '' }).redisUrl).toBeUndefined();
  });

  it('uses the preview environment’s own address on Render pull-request previews', () => {
    const env = {
      PUBLIC_URL: 'https://railtape.onrender.com',
      RENDER_EXTERNAL_URL: 'https://railtape-pr-7.onrender.com',
    };
    expect(loadConfig(env).publicUrl).toBe('https://railtape.onrender.com');
    expect(loadConfig({ ...env, IS_PULL_REQUEST: 'true' }).publicUrl).toBe(
      'https://railtape-pr-7.onrender.com',
    );
  });

  it('trusts no proxy unless TRUST_PROXY_HOPS says how many hops to believe', () => {
    expect(loadConfig({}).trustProxyHops).toBe(0);
    expect(loadConfig({ TRUST_PROXY_HOPS: '' }).trustProxyHops).toBe(0);
    expect(loadConfig({ TRUST_PROXY_HOPS: '1' }).trustProxyHops).toBe(1);
    expect(loadConfig({ TRUST_PROXY_HOPS: '2' }).trustProxyHops).toBe(2);
    for (const bad of ['-1', '1.5', 'true', 'yes']) {
      expect(() => loadConfig({ TRUST_PROXY_HOPS: bad }), bad).toThrow(/TRUST_PROXY_HOPS/);
    }
  });

  it('reads LOG_FORMAT as json or pretty; unset, logs are pretty only on a terminal outside production', () => {
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: '' }).logFormat).toBeUndefined();
    expect(() => loadConfig({ LOG_FORMAT: 'yaml' })).toThrow(/LOG_FORMAT/);
    // requested format, environment, stdout is a TTY
    expect(resolveLogFormat(undefined, {}, true)).toBe('pretty');
    expect(resolveLogFormat(undefined, { NODE_ENV: 'production' }, true)).toBe('json');
    expect(resolveLogFormat(undefined, {}, false)).toBe('json');
    expect(resolveLogFormat('pretty', { NODE_ENV: 'production' }, false)).toBe('pretty');
    expect(resolveLogFormat(undefined, { LOG_FORMAT: 'json' }, true)).toBe('json');
  });
});

describe('Subsonic configuration', () => {
  const full = {
    SUBSONIC_URL: 'https://music.example.org',
    SUBSONIC_USER: 'anna',
    SUBSONIC_PASSWORD: 'sesame-password',
  };

  it('is absent unless configured', () => {
    expect(loadConfig({}).subsonic).toBeUndefined();
  });

  it('reads the server, the user, the password and the optional lists', () => {
    const config = loadConfig({
      ...full,
      SUBSONIC_PLAYLISTS: ' Train songs , pl-42,,',
      SUBSONIC_GENRES: 'Jazz,Post-Rock',
    });
    expect(config.subsonic).toEqual({
      url: 'https://music.example.org',
      user: 'anna',
      password: 'sesame-password',
      playlists: ['Train songs', 'pl-42'],
      genres: ['Jazz', 'Post-Rock'],
    });
    expect(loadConfig(full).subsonic).toMatchObject({ playlists: [], genres: [] });
  });

  it('refuses half a Subsonic configuration without echoing the password', () => {
    try {
      loadConfig({ SUBSONIC_PASSWORD: 'sesame-password' });
      expect.unreachable();
    } catch (err) {
      const message = (err as ConfigError).message;
      expect(message).toContain('SUBSONIC_URL, SUBSONIC_USER: required when any Subsonic variable is set');
      expect(message).not.toContain('sesame-password');
    }
  });

  it('refuses a server address that is not a URL', () => {
    expect(() => loadConfig({ ...full, SUBSONIC_URL: 'music box' })).toThrow(/SUBSONIC_URL/);
  });
});

describe('database connection settings', () => {
  it('sizes the pool and turns prepared statements off for transaction poolers, and refuses nonsense', () => {
    const config = loadConfig({ DATABASE_POOL_SIZE: '12', DATABASE_PREPARED_STATEMENTS: 'false' });
    expect(config.database).toMatchObject({ poolSize: 12, preparedStatements: false });
    expect(loadConfig({}).database).toMatchObject({ poolSize: 5, preparedStatements: true });
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ DATABASE_PREPARED_STATEMENTS: 'maybe' })).toThrow(
      /DATABASE_PREPARED_STATEMENTS/,
    );
  });
});
