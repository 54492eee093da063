import { describe, expect, it } from 'vitest';
import { isAppError } from '../domain/errors.js';
import { isoDurationSeconds, parseTripResponse, tripRequestXml, uicOfStopRef } from './ojp-trip.js';

// Trimmed from the real PROD answer in openTdataCH/ojp-js `tests/ojp-fixtures/tr-response-zh-be.xml`
// (timetable-apis.md §2): UTC times, an estimated departure 30 s late, SLOIDs, `IC1` without a space.
const REAL_FIXTURE = `<?xml version="1.0" encoding="UTF-8"?>
<OJP xmlns:siri="http://www.siri.org.uk/siri" xmlns="http://www.vdv.de/ojp" version="2.0"><OJPResponse><siri:ServiceDelivery>
 <siri:ResponseTimestamp>2025-03-26T09:26:58.96+01:00</siri:ResponseTimestamp><siri:ProducerRef>MENTZ</siri:ProducerRef>
 <OJPTripDelivery>
  <siri:RequestMessageRef>4179a783</siri:RequestMessageRef><siri:DefaultLanguage>en</siri:DefaultLanguage><CalcTime>583</CalcTime>
  <TripResponseContext><Places><Place><StopPlace><StopPlaceRef>8507000</StopPlaceRef><StopPlaceName><Text xml:lang="en">Bern</Text></StopPlaceName></StopPlace>
     <Name><Text xml:lang="en">Bern</Text></Name><GeoPosition><siri:Longitude>7.43677</siri:Longitude><siri:Latitude>46.94864</siri:Latitude></GeoPosition></Place></Places>
    <Situations/></TripResponseContext>
  <TripResult><Id>ID-B696</Id><Trip><Id>ID-B696</Id><Duration>PT55M54S</Duration>
    <StartTime>2025-03-26T08:31:30Z</StartTime><EndTime>2025-03-26T09:27:24Z</EndTime><Transfers>0</Transfers>
    <Leg><Id>1</Id><Duration>PT55M54S</Duration><TimedLeg>
      <LegBoard><siri:StopPointRef>ch:1:sloid:7000:4:8</siri:StopPointRef><StopPointName><Text xml:lang="en">Bern</Text></StopPointName>
        <PlannedQuay><Text xml:lang="en">8</Text></PlannedQuay><EstimatedQuay><Text xml:lang="en">8</Text></EstimatedQuay>
        <ServiceDeparture><TimetabledTime>2025-03-26T08:31:00Z</TimetabledTime><EstimatedTime>2025-03-26T08:31:30Z</EstimatedTime></ServiceDeparture>
        <Order>1</Order></LegBoard>
      <LegAlight><siri:StopPointRef>ch:1:sloid:3000:501:33</siri:StopPointRef><StopPointName><Text xml:lang="en">Zürich HB</Text></StopPointName>
        <PlannedQuay><Text xml:lang="en">33</Text></PlannedQuay>
        <ServiceArrival><TimetabledTime>2025-03-26T09:28:00Z</TimetabledTime><EstimatedTime>2025-03-26T09:27:24Z</EstimatedTime></ServiceArrival><Order>3</Order></LegAlight>
      <Service><OperatingDayRef>2025-03-26</OperatingDayRef><JourneyRef>ch:1:sjyid:100001:711-001</JourneyRef>
        <PublicCode>InterCity</PublicCode><siri:LineRef>ojp:91001:D</siri:LineRef><siri:DirectionRef>R</siri:DirectionRef>
        <Mode><PtMode>rail</PtMode><siri:RailSubmode>interregionalRail</siri:RailSubmode><Name><Text xml:lang="en">Train</Text></Name><ShortName><Text xml:lang="en">IC</Text></ShortName></Mode>
        <PublishedServiceName><Text xml:lang="en">IC1</Text></PublishedServiceName><TrainNumber>711</TrainNumber>
        <Attribute><UserText><Text xml:lang="en">Restaurant</Text></UserText><Code>A__WR</Code></Attribute>
        <siri:OperatorRef>11</siri:OperatorRef><DestinationText><Text xml:lang="en">St. Gallen</Text></DestinationText></Service>
    </TimedLeg></Leg></Trip></TripResult>
 </OJPTripDelivery></siri:ServiceDelivery></OJPResponse></OJP>`;

const wrap = (inner: string) =>
  `<OJP xmlns:siri="http://www.siri.org.uk/siri" xmlns="http://www.vdv.de/ojp" version="2.0"><OJPResponse><siri:ServiceDelivery><OJPTripDelivery>${inner}</OJPTripDelivery></siri:ServiceDelivery></OJPResponse></OJP>`;

const timed = (o: {
  from: string;
  fromQuay: string;
  fromQuayNow?: string;
  dep: string;
  depNow?: string;
  to: string;
  toQuay: string;
  arr: string;
  arrNow?: string;
  line: string;
  train: string;
  cancelled?: boolean;
}) =>
  `<Leg><TimedLeg><LegBoard><siri:StopPointRef>${o.from}</siri:StopPointRef><StopPointName><Text>B</Text></StopPointName><PlannedQuay><Text>${o.fromQuay}</Text></PlannedQuay>${o.fromQuayNow ? `<EstimatedQuay><Text>${o.fromQuayNow}</Text></EstimatedQuay>` : ''}<ServiceDeparture><TimetabledTime>${o.dep}</TimetabledTime>${o.depNow ? `<EstimatedTime>${o.depNow}</EstimatedTime>` : ''}</ServiceDeparture></LegBoard><LegAlight><siri:StopPointRef>${o.to}</siri:StopPointRef><StopPointName><Text>A</Text></StopPointName><PlannedQuay><Text>${o.toQuay}</Text></PlannedQuay><ServiceArrival><TimetabledTime>${o.arr}</TimetabledTime>${o.arrNow ? `<EstimatedTime>${o.arrNow}</EstimatedTime>` : ''}</ServiceArrival></LegAlight><Service><Mode><PtMode>rail</PtMode></Mode><PublishedServiceName><Text>${o.line}</Text></PublishedServiceName><TrainNumber>${o.train}</TrainNumber>${o.cancelled ? '<Cancelled>true</Cancelled>' : ''}</Service></TimedLeg></Leg>`;

describe('OJP TripRequest answers → trips', () => {
  it('reads the real PROD fixture: UTC → Europe/Zurich, planned vs estimated times and quays, SLOID → UIC', () => {
    const [found, ...rest] = parseTripResponse(REAL_FIXTURE, 'sbb-search-link');
    expect(rest).toHaveLength(0);
    expect(found?.infeasible).toBe(false);
    expect(found?.trip).toMatchObject({
      source: 'sbb-search-link',
      exactness: 'replanned',
      origin: 'Bern',
      destination: 'Zürich HB',
      departure: '2025-03-26T09:31:00+01:00',
      arrival: '2025-03-26T10:28:00+01:00',
      durationSeconds: 57 * 60,
    });
    expect(found?.trip.legs[0]).toMatchObject({
      mode: 'rail',
      line: 'IC 1',
      trainNumber: '711',
      from: { name: 'Bern', uic: '8507000', platform: '8', expectedPlatform: '8' },
      to: { name: 'Zürich HB', uic: '8503000', platform: '33', expectedPlatform: '33' },
      expectedDeparture: '2025-03-26T09:31:30+01:00',
      expectedArrival: '2025-03-26T10:27:24+01:00',
    });
  });

  it('reads a quay change, a summer-time offset, and a TransferLeg walk timed by its ISO duration', () => {
    const xml = wrap(
      `<TripResult><Trip>${timed({ from: 'ch:1:sloid:3000:0:31', fromQuay: '31', fromQuayNow: '33', dep: '2026-07-01T06:02:00Z', to: 'ch:1:sloid:7000:0:7', toQuay: '7', arr: '2026-07-01T06:58:00Z', line: 'IC1', train: '0712' })}` +
        `<Leg><Duration>PT4M</Duration><TransferLeg><TransferType>walk</TransferType><LegStart><siri:StopPointRef>ch:1:sloid:7000:0:7</siri:StopPointRef><Name><Text>Bern</Text></Name></LegStart><LegEnd><siri:StopPointRef>ch:1:sloid:7000:0:6</siri:StopPointRef><Name><Text>Bern</Text></Name></LegEnd><Duration>PT4M</Duration></TransferLeg></Leg>` +
        `${timed({ from: 'ch:1:sloid:7000:0:6', fromQuay: '6', dep: '2026-07-01T07:04:00Z', to: 'ch:1:sloid:7492:0:2', toQuay: '2', arr: '2026-07-01T07:56:00Z', arrNow: '2026-07-01T08:03:00Z', line: 'IC61', train: '1012' })}</Trip></TripResult>`,
    );
    const [found] = parseTripResponse(xml, 'google-maps');
    const legs = found?.trip.legs ?? [];
    expect(legs.map((l) => l.mode)).toEqual(['rail', 'walk', 'rail']);
    expect(legs[0]).toMatchObject({
      departure: '2026-07-01T08:02:00+02:00',
      trainNumber: '712',
      from: { platform: '31', expectedPlatform: '33' },
      expectedDeparture: null,
    });
    expect(legs[1]).toMatchObject({
      departure: '2026-07-01T08:58:00+02:00',
      arrival: '2026-07-01T09:02:00+02:00',
      from: { uic: '8507000', platform: null },
    });
    expect(legs[2]).toMatchObject({
      line: 'IC 61',
      to: { uic: '8507492' },
      expectedArrival: '2026-07-01T10:03:00+02:00',
    });
  });

  it('times a ContinuousLeg at the start back from the first departure', () => {
    const xml = wrap(
      `<TripResult><Trip><Leg><ContinuousLeg><LegStart><GeoPosition/><Name><Text>Home</Text></Name></LegStart><LegEnd><siri:StopPointRef>8503000</siri:StopPointRef><Name><Text>Zürich HB</Text></Name></LegEnd><Service><PersonalMode>foot</PersonalMode></Service><Duration>PT10M</Duration></ContinuousLeg></Leg>${timed({ from: '8503000', fromQuay: '31', dep: '2026-12-01T07:02:00Z', to: '8507000', toQuay: '7', arr: '2026-12-01T07:58:00Z', line: 'IC1', train: '710' })}</Trip></TripResult>`,
    );
    const legs = parseTripResponse(xml, 'google-maps')[0]?.trip.legs ?? [];
    expect(legs[0]).toMatchObject({
      mode: 'walk',
      departure: '2026-12-01T07:52:00+01:00',
      arrival: '2026-12-01T08:02:00+01:00',
      to: { uic: '8503000' },
    });
  });

  it('marks Infeasible trips and cancelled rides', () => {
    const ride = timed({
      from: '8503000',
      fromQuay: '31',
      dep: '2026-12-01T07:02:00Z',
      to: '8507000',
      toQuay: '7',
      arr: '2026-12-01T07:58:00Z',
      line: 'IC1',
      train: '710',
    });
    const cancelledRide = timed({
      from: '8503000',
      fromQuay: '31',
      dep: '2026-12-01T07:32:00Z',
      to: '8507000',
      toQuay: '7',
      arr: '2026-12-01T08:28:00Z',
      line: 'IC1',
      train: '711',
      cancelled: true,
    });
    const found = parseTripResponse(
      wrap(
        `<TripResult><Trip>${ride}<Infeasible>true</Infeasible></Trip></TripResult><TripResult><Trip>${cancelledRide}</Trip></TripResult><TripResult><Trip>${ride}</Trip></TripResult>`,
      ),
      'plain-text',
    );
    expect(found.map((f) => f.infeasible)).toEqual([true, true, false]);
    expect(found[1]?.trip.legs[0]?.cancelled).toBe(true);
    expect(found[2]?.trip.legs[0]?.cancelled).toBeUndefined();
  });

  it.each([
    ['an unknown stop', 'LOCATION_NORESULTS', 'incomplete_search', 'stop_not_found'],
    ['no trip', 'TRIP_NOTRIPFOUND', 'incomplete_search', 'no_connection'],
    ['an internal problem', 'INTERNAL_ERROR', 'resolution_failed', 'upstream_error'],
  ])('turns an ErrorCondition for %s into a typed error', (_what, description, code, reason) => {
    const xml = wrap(
      `<siri:ErrorCondition><siri:OtherError/><siri:Description>${description}</siri:Description></siri:ErrorCondition>`,
    );
    try {
      parseTripResponse(xml, 'plain-text');
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err) && err.code).toBe(code);
      expect(isAppError(err) && err.details?.reason).toBe(reason);
    }
  });

  it('refuses a Problem body and XML that is not OJP as resolution_failed, never a crash', () => {
    for (const xml of [
      '<Problem>Invalid OJP request shape</Problem>',
      '<html>gateway</html>',
      'not xml <<<',
      '',
    ]) {
      expect(() => parseTripResponse(xml, 'plain-text')).toThrow(
        expect.objectContaining({ code: 'resolution_failed' }),
      );
    }
  });

  it('reads ISO 8601 durations and SLOIDs', () => {
    expect(isoDurationSeconds('PT55M54S')).toBe(3354);
    expect(isoDurationSeconds('P1DT2H')).toBe(93_600);
    expect(isoDurationSeconds('PT4M')).toBe(240);
    expect(isoDurationSeconds('4 minutes')).toBeNull();
    expect(isoDurationSeconds('P')).toBeNull();
    expect(uicOfStopRef('ch:1:sloid:7000:4:8')).toBe('8507000');
    expect(uicOfStopRef('ch:1:sloid:1026')).toBe('8501026');
    expect(uicOfStopRef('008503000')).toBe('8503000');
    expect(uicOfStopRef('de:08212:90')).toBeNull();
  });

  it('builds a request with DepArrTime on the origin, or on the destination for arrive-by, in UTC', () => {
    const base = {
      from: '8503000',
      to: '8507000',
      at: Date.parse('2026-11-30T07:00:00Z'),
      numberOfResults: 5,
      now: 0,
      requestorRef: 'r',
    };
    const depart = tripRequestXml({ ...base, arriveBy: false });
    expect(depart).toMatch(
      /<Origin><PlaceRef><StopPlaceRef>8503000<\/StopPlaceRef>.*<DepArrTime>2026-11-30T07:00:00Z<\/DepArrTime><\/Origin>/,
    );
    const arrive = tripRequestXml({ ...base, arriveBy: true, to: 'a<b' });
    expect(arrive).toMatch(
      /<Destination>.*a&lt;b.*<DepArrTime>2026-11-30T07:00:00Z<\/DepArrTime><\/Destination>/,
    );
    expect(arrive).not.toMatch(/<Origin>.*DepArrTime.*<\/Origin>/);
  });
});
