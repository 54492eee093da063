import { describe, expect, it } from 'vitest';
import { sbbSplashPage } from '../../test/fakes/sbb-links.js';
import { isSbbTripLink, tripLinkFromPage } from './short-link-page.js';

const TRIP_LINK =
  'https://www.sbb.ch/de/trip?tripId=3HA.eNrjWsgoNI_x0DYPb89D20JUHG0NHfxtow7vKcpMzlDwcHKIsLUwNTEwMjR0iLQ1MTc2tzA0N3fwAQoaGBsYGDgk2hoaWThAtTmlFuUBNZibGFsaGoM1mFmaWFgYm0A0mCNpMDIwMjM0BBphYWCExDG1UPF0VjBUMDewVFExVAGDQ9sAiZQpRA.eNqrVvJXslKyMDUwNjAwUNJRcoHwzCG8FCDPyMDITNfQUNcYJFACFDAwtzI1BbITgWw_IJ0DpB2BdK6SVXSsjlKeklVeaU6OjlJZZmIxRAjE8ssvQeaEFCXmFaelFkHEUiuSc0pTUl0SS1JTwlIzMpNzUr3yS4vyUivBJtQCANMXLkE';

describe('tripLinkFromPage', () => {
  it('prefers the sbb.ch trip link over other sbb.ch links and the app link', () => {
    expect(tripLinkFromPage(sbbSplashPage(`${TRIP_LINK}&x=1`))).toBe(`${TRIP_LINK}&x=1`);
  });

  it('reads single-quoted and numerically escaped hrefs', () => {
    expect(tripLinkFromPage("<a href='https://www.sbb.ch/it/trip?tripId=3HA.a.b&#38;x=1'>x</a>")).toBe(
      'https://www.sbb.ch/it/trip?tripId=3HA.a.b&x=1',
    );
  });

  it('finds the link outside an anchor (e.g. in a script) as a last resort', () => {
    expect(tripLinkFromPage('<script>location = "https://www.sbb.ch/fr/trip?tripId=3HA.a.b"</script>')).toBe(
      'https://www.sbb.ch/fr/trip?tripId=3HA.a.b',
    );
  });

  it('reads past numeric entities that name no character instead of failing the page', () => {
    const page =
      '<a href="/help&#99999999;">?</a><a href="/x&#x110000;">?</a><a href="https://www.sbb.ch/de/trip?tripId=3HA.a.b">x</a>';
    expect(tripLinkFromPage(page)).toBe('https://www.sbb.ch/de/trip?tripId=3HA.a.b');
  });

  it('ignores look-alike hosts and other versions', () => {
    expect(
      tripLinkFromPage('<a href="https://www.sbb.ch.evil.example/en/trip?tripId=3HA.a.b">x</a>'),
    ).toBeNull();
    expect(tripLinkFromPage('<a href="https://www.sbb.ch/en/trip?tripId=4XY.a.b">x</a>')).toBeNull();
    expect(tripLinkFromPage('')).toBeNull();
  });
});

describe('isSbbTripLink', () => {
  it.each([
    ['https://www.sbb.ch/de/trip?tripId=3HA.a.b', true],
    ['https://sbb.ch/en/trip?tripId=3HA.a.b&lang=en', true],
    ['http://www.sbb.ch/de/trip?tripId=3HA.a.b', false],
    ['https://shop.sbb.ch/de/trip?tripId=3HA.a.b', false],
    ['https://www.sbb.ch.evil.example/de/trip?tripId=3HA.a.b', false],
    ['https://www.sbb.ch/de/angebot?tripId=3HA.a.b', false],
    ['https://www.sbb.ch/de/trip?tripId=4XY.a.b', false],
    ['sbbmobile://trip?recon=3HA.a.b', false],
    ['not a link', false],
  ])('%s → %s', (href, expected) => {
    expect(isSbbTripLink(href)).toBe(expected);
  });
});
