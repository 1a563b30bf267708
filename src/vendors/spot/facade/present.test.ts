import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { feedErrors } from '../connector/feed-errors.ts';
import { parseFeed } from '../connector/parse-feed.ts';
import { presentFeedJson } from './present-json.ts';
import { presentFeedXml } from './present-xml.ts';
import { DOCUMENT_XML } from '../testing/document-xml.ts';
import { readSample, samplesMissing } from '../testing/samples.ts';

const SAMPLES = [
  'spot-gps__message.json',
  'spot-gps__latest.json',
  'spot-gps__no_messages.json',
  'flyxc__spot2.json',
  'flyxc__spot3.json',
  'flyxc__tools-tracks-spot.json',
  'spot-sdk__sample_success_response.json',
  'spot-sdk__sample_error_response.json',
];

describe.skipIf(samplesMissing)('the JSON presenter', () => {
  it.each(SAMPLES)('gives back %s as real SPOT sent it', (file) => {
    const body = readSample(file);
    expect(JSON.parse(presentFeedJson(parseFeed(body).result))).toEqual(JSON.parse(body));
  });

  it('sends one message as an object and several as an array', () => {
    const latest = JSON.parse(presentFeedJson(parseFeed(readSample('spot-gps__latest.json')).result));
    expect(Array.isArray(latest.response.feedMessageResponse.messages.message)).toBe(false);
    const two = JSON.parse(presentFeedJson(parseFeed(readSample('spot-gps__message.json')).result));
    expect(two.response.feedMessageResponse.messages.message).toHaveLength(2);
  });
});

describe('the XML presenter', () => {
  it("writes the vendor document's XML, character for character", () => {
    expect(presentFeedXml(parseFeed(DOCUMENT_XML).result)).toBe(DOCUMENT_XML);
  });

  it('writes error envelopes that the parser reads back', () => {
    const error = feedErrors.noMessages('abc');
    const xml = presentFeedXml(error);
    expect(xml).toContain('<code>E-0195</code>');
    expect(parseFeed(xml).result).toEqual(error);
  });

  it('escapes message content', () => {
    const page = parseFeed(DOCUMENT_XML).result;
    if (page.kind !== 'messages') throw new Error('expected messages');
    page.messages[0]!.messageContent = 'Tom & Jerry <ok> "quoted"';
    const back = parseFeed(presentFeedXml(page)).result;
    expect(back.kind === 'messages' && back.messages[0]!.messageContent).toBe('Tom & Jerry <ok> "quoted"');
  });

  it('writes a messenger named with a control character as well-formed XML, the character replaced', () => {
    const page = parseFeed(DOCUMENT_XML).result;
    if (page.kind !== 'messages') throw new Error('expected messages');
    page.messages[0]!.messengerName = 'bad\u0001name';
    page.messages[0]!.clientUnixTime = 'bad\u0001time';
    const names: string[] = [];
    const times: string[] = [];
    // saxes, an XML 1.0 parser independent of the presenter, refuses the character if it is written as it is.
    const parser = new SaxesParser();
    let inName = false;
    parser.on('opentag', (t) => {
      inName = t.name === 'messengerName';
      if (t.name === 'message') times.push(String(t.attributes.clientUnixTime));
    });
    parser.on('text', (t) => {
      if (inName) names.push(t);
    });
    parser.on('closetag', () => (inName = false));
    parser.on('error', (err) => {
      throw err;
    });
    parser.write(presentFeedXml(page)).close();
    expect(names[0]).toBe('bad\uFFFDname');
    expect(times[0]).toBe('bad\uFFFDtime');
  });
});
