import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OjpFake, startOjpFake } from './ojp.js';

describe('the OJP 2.0 contract fake', () => {
  let fake: OjpFake;
  beforeAll(async () => {
    fake = await startOjpFake();
  });
  afterAll(() => fake.close());

  const post = (body: string, token: string | null = fake.token) =>
    fetch(fake.url, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });

  it('answers 401 without or with a wrong bearer token, like the gateway', async () => {
    expect((await post('<OJP/>', null)).status).toBe(401);
    expect((await post('<OJP/>', 'nope')).status).toBe(401);
  });

  it('answers a body that is not a TripRequest with a 400 Problem', async () => {
    const res = await post('<OJP><OJPRequest/></OJP>');
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^<Problem>Invalid OJP request shape/);
  });

  it('answers in UTC with ISO durations and SLOIDs, EstimatedTime only for trains with real-time', async () => {
    const body = `<OJP xmlns="http://www.vdv.de/ojp" xmlns:siri="http://www.siri.org.uk/siri" version="2.0"><OJPRequest><siri:ServiceRequest><OJPTripRequest><Origin><PlaceRef><StopPlaceRef>8507000</StopPlaceRef></PlaceRef><DepArrTime>2026-12-01T07:00:00Z</DepArrTime></Origin><Destination><PlaceRef><StopPlaceRef>8503000</StopPlaceRef></PlaceRef></Destination><Params><NumberOfResults>2</NumberOfResults></Params></OJPTripRequest></siri:ServiceRequest></OJPRequest></OJP>`;
    let xml = await (await post(body)).text();
    expect(xml.match(/<TripResult>/g)).toHaveLength(2);
    expect(xml).toContain('<TimetabledTime>2026-12-01T07:04:00Z</TimetabledTime>');
    expect(xml).toContain('<Duration>PT56M</Duration>');
    expect(xml).toContain('<siri:StopPointRef>ch:1:sloid:7000:0:7</siri:StopPointRef>');
    expect(xml).not.toContain('<EstimatedTime>');
    fake.setDelay('816', 3);
    xml = await (await post(body)).text();
    expect(xml).toContain('<EstimatedTime>2026-12-01T07:07:00Z</EstimatedTime>');
    expect(fake.calls.at(-1)).toEqual({
      from: '8507000',
      to: '8503000',
      depArrTime: '2026-12-01T07:00:00Z',
      arriveBy: false,
    });
  });

  it('reports an empty search inside the delivery, as ErrorCondition', async () => {
    const body = `<OJP><OJPRequest><ServiceRequest><OJPTripRequest><Origin><PlaceRef><StopPlaceRef>8507000</StopPlaceRef></PlaceRef></Origin><Destination><PlaceRef><StopPlaceRef>8507000</StopPlaceRef></PlaceRef><DepArrTime>2026-12-01T07:00:00Z</DepArrTime></Destination></OJPTripRequest></ServiceRequest></OJPRequest></OJP>`;
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<siri:Description>TRIP_NOTRIPFOUND</siri:Description>');
  });
});
