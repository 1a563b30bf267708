import { describe, expect, it } from 'vitest';
import { parseFeed } from '../connector/parse-feed.ts';
import type { SpotFeedPage } from '../spot-message.ts';
import { DOCUMENT_XML } from '../testing/document-xml.ts';
import { pushXml } from '../testing/push-xml.ts';
import { readSample, samplesMissing } from '../testing/samples.ts';
import { toRecord } from '../connector/to-records.ts';
import { parsePush, SpotPushError } from './parse-push.ts';

describe('SPOT push messageList', () => {
  it.skipIf(samplesMissing)("reads the real push sample into the feed's message shape", () => {
    expect(parsePush(readSample('traccar__spot-xml-push-messageList.xml'))).toEqual([
      {
        id: '891801957',
        messengerId: '0-3112123',
        messengerName: '0-3112123a',
        unixTime: 1514380778,
        messageType: 'NEWMOVEMENT',
        latitude: -1.28781,
        longitude: -47.93042,
        modelId: null,
        showCustomMsg: null,
        dateTime: null,
        batteryState: 'GOOD',
        hidden: 0,
        altitude: null,
        messageContent: 'SPOT Trace has detected that the asset has moved.',
        clientUnixTime: '0',
      },
    ]);
  });

  it('maps a pushed message to the same record as the same message read from the feed', () => {
    const feed = (parseFeed(DOCUMENT_XML).result as SpotFeedPage).messages;
    const pushed = parsePush(pushXml(feed)).map(toRecord);
    // The push format carries no modelId, showCustomMsg or dateTime: everything else is the feed's.
    const comparable = (r: ReturnType<typeof toRecord>) => ({
      ...r,
      message: {
        ...r.message,
        attributes: { ...r.message!.attributes, modelId: 0, showCustomMsg: 0, dateTime: 0 },
      },
    });
    expect(pushed.map(comparable)).toEqual(feed.map(toRecord).map(comparable));
    expect(pushed.map((r) => r.events?.map((e) => e.type))).toEqual([
      ['sos-cancelled'],
      ['sos'],
      undefined,
      undefined,
      undefined,
    ]);
    expect(pushed[0]!.position).toBeUndefined();
  });

  it('takes a prefixed namespace, an empty list, and the ISO timestamp when the seconds are missing', () => {
    const body =
      '<ns2:messageList xmlns:ns2="http://v2.shared.globalstar.com"><ns2:header><ns2:totalCount>1</ns2:totalCount>' +
      '</ns2:header><ns2:message><ns2:esn>0-1</ns2:esn><ns2:messageType>LOW-BATTERY</ns2:messageType>' +
      '<ns2:timestamp>2017-12-27T13:19:38.000Z</ns2:timestamp><ns2:batteryState>LOW</ns2:batteryState>' +
      '</ns2:message></ns2:messageList>';
    const [m] = parsePush(body);
    expect(m).toMatchObject({ messengerId: '0-1', unixTime: 1514380778, messageType: 'LOW-BATTERY', id: '' });
    expect(toRecord(m!).message!.sourceMessageId).toBeNull();
    expect(parsePush('<messageList><header><totalCount>0</totalCount></header></messageList>')).toEqual([]);
  });

  it('refuses malformed XML, another root and unidentifiable messages, saying where', () => {
    expect(() => parsePush('<messageList><message><esn>0-1</esn></messageList>')).toThrow(
      /malformed XML at line 1, column \d+/,
    );
    expect(() => parsePush('')).toThrow(SpotPushError);
    expect(() => parsePush('<response><errors/></response>')).toThrow(/root element must be <messageList>/);
    expect(() =>
      parsePush('<messageList><message><timeInGMTSecond>1</timeInGMTSecond></message></messageList>'),
    ).toThrow(/message 1 has no <esn>/);
    expect(() => parsePush('<messageList><message><esn>0-1</esn></message></messageList>')).toThrow(
      /message 1 has neither <timeInGMTSecond> nor a readable <timestamp>/,
    );
  });
});
