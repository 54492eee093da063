import { describe, expect, it } from 'vitest';
import {
  isBahnDeHost,
  isGoogleLegacyShortLinkHost,
  isGoogleMapsHost,
  isGoogleShortLinkHost,
  isOjpDemoHost,
  isSbbAppHost,
  isSbbHost,
  isSbbShortLinkHost,
  isSbbWebHost,
  isSearchChHost,
  SCHEMELESS_LINK_HOST_SOURCE,
} from './hosts.js';

describe('isGoogleMapsHost', () => {
  it.each([
    'google.com',
    'www.google.com',
    'maps.google.com',
    'google.ch',
    'www.google.ch',
    'maps.google.de',
    'google.cat',
    'www.google.co.uk',
    'google.co.jp',
    'www.google.com.au',
    'maps.google.com.br',
    'WWW.GOOGLE.COM',
    'Maps.Google.Ch',
  ])('accepts %s', (host) => {
    expect(isGoogleMapsHost(host)).toBe(true);
  });

  it.each([
    '',
    'google',
    'google.',
    'www.google.com.',
    'google.com.evil.example',
    'www.google.com.evil.example',
    'evilgoogle.com',
    'notgoogle.com',
    'google-maps.com',
    'google.evil',
    'google.abc.de',
    'google.co.evil.example',
    'mail.google.com',
    'www.maps.google.com',
    'google.c',
    'google.comm',
    'maps.app.goo.gl',
    'goo.gl',
    'google.com:443',
    'xn--ggle-0nda.com',
  ])('refuses %s', (host) => {
    expect(isGoogleMapsHost(host)).toBe(false);
  });
});

describe('isGoogleShortLinkHost', () => {
  it.each([
    ['maps.app.goo.gl', true],
    ['MAPS.APP.GOO.GL', true],
    ['maps.app.goo.gl.', false],
    ['goo.gl', false],
    ['app.goo.gl', false],
    ['maps.app.goo.gl.evil.example', false],
    ['evilmaps.app.goo.gl', false],
    ['x.maps.app.goo.gl', false],
    ['www.google.com', false],
  ])('%s → %s', (host, expected) => {
    expect(isGoogleShortLinkHost(host)).toBe(expected);
  });
});

describe('the SBB hosts', () => {
  it.each([
    ['sbb.ch', true],
    ['www.sbb.ch', true],
    ['WWW.SBB.CH', true],
    ['shop.sbb.ch', true],
    ['sbb.ch.', false],
    ['www.sbb.ch.', false],
    ['sbb.ch.evil.example', false],
    ['evilsbb.ch', false],
    ['sbb.com', false],
    ['a.sbbmobile.ch', false],
  ])('isSbbHost(%s) → %s', (host, expected) => {
    expect(isSbbHost(host)).toBe(expected);
  });

  it.each([
    ['sbb.ch', true],
    ['www.sbb.ch', true],
    ['Www.Sbb.Ch', true],
    ['shop.sbb.ch', false],
    ['www.sbb.ch.', false],
    ['www.sbb.ch.evil.example', false],
    ['wwwsbb.ch', false],
    ['app.sbbmobile.ch', false],
  ])('isSbbWebHost(%s) → %s', (host, expected) => {
    expect(isSbbWebHost(host)).toBe(expected);
  });

  it.each([
    ['a.sbbmobile.ch', true],
    ['A.SBBMOBILE.CH', true],
    ['a.sbbmobile.ch.', false],
    ['a.sbbmobile.ch.evil.example', false],
    ['xa.sbbmobile.ch', false],
    ['sbbmobile.ch', false],
    ['app.sbbmobile.ch', false],
  ])('isSbbShortLinkHost(%s) → %s', (host, expected) => {
    expect(isSbbShortLinkHost(host)).toBe(expected);
  });

  it.each([
    ['app.sbbmobile.ch', true],
    ['APP.sbbmobile.ch', true],
    ['app.sbbmobile.ch.', false],
    ['myapp.sbbmobile.ch', false],
    ['a.sbbmobile.ch', false],
  ])('isSbbAppHost(%s) → %s', (host, expected) => {
    expect(isSbbAppHost(host)).toBe(expected);
  });
});

describe('SCHEMELESS_LINK_HOST_SOURCE', () => {
  const start = new RegExp(`^${SCHEMELESS_LINK_HOST_SOURCE}(?=[/?])`, 'i');

  it.each([
    'sbb.ch/de/trip?tripId=3HA.a.b',
    'www.sbb.ch/de?stops=x',
    'a.sbbmobile.ch/s/73oNRti7',
    'app.sbbmobile.ch/tripoffer?recon=x',
    'maps.app.goo.gl/Gk7uVbNw3cXz9PqR6',
    'google.ch/maps/dir/Bern/Thun',
    'www.google.co.uk/maps/dir/Bern/Thun',
    'MAPS.GOOGLE.DE/maps',
  ])('starts a link at %s', (text) => {
    expect(start.test(text)).toBe(true);
  });

  it.each([
    'google.ch/search?q=maps',
    'google.ch is a search engine',
    'google.abc.de/maps/dir/Bern/Thun',
    'example.com/maps',
  ])('starts no link at %s', (text) => {
    expect(start.test(text)).toBe(false);
  });

  it('agrees with isGoogleMapsHost on the Google hosts it takes', () => {
    for (const host of ['google.com', 'www.google.ch', 'maps.google.de', 'google.co.uk', 'google.com.au']) {
      expect(isGoogleMapsHost(host)).toBe(true);
      expect(start.test(`${host}/maps`)).toBe(true);
    }
  });
});

describe('the hosts of issue #15', () => {
  it('knows bahn.de, search.ch, the OJP demo app, apptest.sbbmobile.ch and goo.gl, and no look-alikes', () => {
    expect(['bahn.de', 'www.bahn.de', 'INT.BAHN.DE'].every(isBahnDeHost)).toBe(true);
    expect(['search.ch', 'fahrplan.search.ch', 'timetable.search.ch'].every(isSearchChHost)).toBe(true);
    expect(isOjpDemoHost('opentdatach.github.io')).toBe(true);
    expect(isSbbAppHost('apptest.sbbmobile.ch')).toBe(true);
    expect(isGoogleLegacyShortLinkHost('goo.gl')).toBe(true);
    for (const host of [
      'bahn.de.evil.com',
      'notbahn.de',
      'search.ch.example',
      'evil.github.io',
      'goo.gl.example',
    ])
      expect(
        [isBahnDeHost, isSearchChHost, isOjpDemoHost, isGoogleLegacyShortLinkHost].some((f) => f(host)),
        host,
      ).toBe(false);
    // The resolver must not dial goo.gl: it is no short-link host of ours.
    expect(isGoogleShortLinkHost('goo.gl')).toBe(false);
  });
});
