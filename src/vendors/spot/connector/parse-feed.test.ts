import { describe, expect, it } from 'vitest';
import { parseFeed, SpotFormatError } from './parse-feed.ts';
import { readSample, samplesMissing } from '../testing/samples.ts';
import { toRecord } from './to-records.ts';
import { DOCUMENT_XML } from '../testing/document-xml.ts';

const messagesOf = (body: string) => {
  const { result } = parseFeed(body);
  if (result.kind !== 'messages') throw new Error(`expected messages, got ${result.code}`);
  return result;
};

describe.skipIf(samplesMissing)('parsing the feeds real SPOT sent', () => {
  it('reads a page of several messages as an array', () => {
    const page = messagesOf(readSample('spot-gps__message.json'));
    expect(page.messages.map((m) => [m.id, m.messageType, m.unixTime])).toEqual([
      ['585079373', 'OK', 1468164566],
      ['585079373', 'TRACK', 1468149143],
    ]);
    expect(page.feed).toMatchObject({ id: 'FEED_ID', name: 'Testing', daysRange: 7, type: null });
  });

  it('reads a single message sent as an object, not an array', () => {
    const page = messagesOf(readSample('spot-gps__latest.json'));
    expect(page.messages).toHaveLength(1);
    expect(page.messages[0]).toMatchObject({
      id: '585079373',
      messengerId: '0-1234567',
      messengerName: 'My SPOT',
      latitude: 61.54875,
      longitude: -3.0697,
      modelId: 'SPOT3',
      batteryState: 'GOOD',
      messageContent: 'This is the default SPOT Check In/OK message. Please update.',
      clientUnixTime: '0',
    });
  });

  it('reads E-0195 and E-0160 as error envelopes', () => {
    expect(parseFeed(readSample('spot-gps__no_messages.json')).result).toEqual({
      kind: 'error',
      code: 'E-0195',
      text: 'No Messages to display',
      description: 'No displayable messages found found for feed: 1HXUWlonx0AInTM7LAnBoAFEBQ9GWLJ5e',
    });
    expect(parseFeed(readSample('spot-sdk__sample_error_response.json')).result).toMatchObject({
      kind: 'error',
      code: 'E-0160',
      text: 'Feed Not Found',
    });
  });

  it('keeps count and totalCount as SPOT says them, even when they disagree with the messages', () => {
    const flyxc = messagesOf(readSample('flyxc__spot2.json'));
    expect([flyxc.count, flyxc.totalCount, flyxc.messages.length]).toEqual([24, 24, 5]);
    const sdk = messagesOf(readSample('spot-sdk__sample_success_response.json'));
    expect([sdk.count, sdk.totalCount, sdk.messages.length]).toEqual([6, 2, 2]);
    expect(sdk.messages.map((m) => [m.messageType, m.altitude])).toEqual([
      ['OK', 0],
      ['UNLIMITED-TRACK', 80],
    ]);
  });

  it("maps the flyXC samples to what flyXC's own test expects", () => {
    const expected = JSON.parse(readSample('EXPECTED-flyxc-parse.json')) as Record<string, unknown[]>;
    for (const file of ['flyxc__spot2.json', 'flyxc__spot3.json']) {
      const got = messagesOf(readSample(file)).messages.map((m) => {
        const r = toRecord(m);
        const events = (r.events ?? []).map((e) => e.type);
        return {
          alt: r.position?.altitude,
          name: 'spot',
          emergency: events.includes('sos'),
          lat: r.position?.lat,
          lon: r.position?.lon,
          // A per-message flag in flyXC; Trackway derives the event from it when the state turns LOW.
          lowBattery: r.position?.attributes?.batteryState === 'LOW',
          message: r.message?.payload ?? null,
          timeMs: r.message?.deviceTime,
        };
      });
      expect(got, file).toEqual(expected[file]);
    }
  });
});

describe("parsing the vendor document's XML", () => {
  it('reads every message with its attribute, content and no-fix coordinates', () => {
    const page = messagesOf(DOCUMENT_XML);
    expect(page).toMatchObject({ count: 10, totalCount: 10, activityCount: 0 });
    expect(page.feed).toEqual({
      id: '03XHH0sPyTiYUsYD2TVJ4q7CzEH89HBhG',
      name: 'OneAtATime',
      description: 'OneAtATime',
      status: 'ACTIVE',
      usage: 0,
      daysRange: 7,
      detailedMessageShown: true,
      type: null,
    });
    expect(page.messages.map((m) => m.messageType)).toEqual(['HELP-CANCEL', 'HELP', 'CUSTOM', 'OK', 'TRACK']);
    expect(page.messages[0]).toMatchObject({
      id: '4937065',
      latitude: -99999,
      dateTime: '2013-04-02T06:28:12-0700',
      messageContent: 'The help message has been cancelled',
    });
    expect(page.messages[4]!.messageContent).toBeNull();
  });

  it('reads a single XML message as a list of one', () => {
    const one = DOCUMENT_XML.replace(/<message clientUnixTime="0">[\s\S]*<\/message>/, (all) =>
      all.slice(0, all.indexOf('</message>') + '</message>'.length),
    );
    expect(messagesOf(one).messages.map((m) => m.id)).toEqual(['4937065']);
  });
});

describe('parsing what is not a feed', () => {
  it('refuses an HTML block page and truncated JSON with a clear error', () => {
    expect(() => parseFeed('{"response": {')).toThrow(SpotFormatError);
    expect(() => parseFeed('{"something": 1}')).toThrow(/no "response" element/);
    expect(() => parseFeed('<html><body>403 Forbidden</body></html>')).toThrow(SpotFormatError);
  });

  it('skips a message that nothing identifies and keeps the others', () => {
    const body = JSON.stringify({
      response: {
        feedMessageResponse: {
          count: 2,
          messages: {
            message: [
              {
                id: 1,
                messengerId: '0-1',
                unixTime: 1600000000,
                messageType: 'OK',
                latitude: 1,
                longitude: 2,
              },
              { messengerId: '0-1', unixTime: 1600000001, messageType: 'OK' },
            ],
          },
        },
      },
    });
    const parsed = parseFeed(body);
    expect(parsed.skipped).toBe(1);
    expect(parsed.result.kind === 'messages' && parsed.result.messages.map((m) => m.id)).toEqual(['1']);
  });
});
