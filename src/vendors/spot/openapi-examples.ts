import type { ExamplesByOperation, OperationExamples } from '../../api/openapi/examples.ts';
import { operationName } from '../../api/openapi/operation-ids.ts';
import { TooManyFailedAttempts } from '../../auth/failed-auth-limit.ts';
import { FEED_PATH } from './connector/settings.ts';
import { presentFeedJson } from './facade/present-json.ts';
import { presentFeedXml } from './facade/present-xml.ts';
import { RESOURCES } from './facade/routes.ts';
import type { SpotFeedError, SpotFeedPage, SpotMessage } from './spot-message.ts';

const feed = {
  id: 3,
  groupId: 1,
  feedId: '0onlLopfoM4bG5jXvWRE8H0Obd0oMxMBq',
  name: 'Expedition truck',
  description: 'Live position for the support crew',
  passwordProtected: true,
  deviceIds: [42],
  rateLimited: true,
  createdAt: '2025-03-01T08:00:00.000Z',
};

/** Two messages of document 000's feed, as its XML shows them. */
const documentMessage = (m: Partial<SpotMessage>): SpotMessage => ({
  id: '4937064',
  messengerId: '0-8356068',
  messengerName: 'Spot2',
  unixTime: 1364909283,
  messageType: 'HELP',
  latitude: 45.42249,
  longitude: -111.68832,
  modelId: 'SPOT2',
  showCustomMsg: 'Y',
  dateTime: '2013-04-02T06:28:03-0700',
  batteryState: null,
  hidden: 0,
  altitude: null,
  messageContent: 'This is the default HELP message. Please update.',
  clientUnixTime: '0',
  ...m,
});
const messages = [
  documentMessage({}),
  documentMessage({
    id: '4937057',
    unixTime: 1364908512,
    messageType: 'TRACK',
    dateTime: '2013-04-02T06:15:12-0700',
    messageContent: null,
  }),
];
const page = (of: SpotMessage[]): SpotFeedPage => ({
  kind: 'messages',
  feed: {
    id: '03XHH0sPyTiYUsYD2TVJ4q7CzEH89HBhG',
    name: 'OneAtATime',
    description: 'OneAtATime',
    status: 'ACTIVE',
    usage: 0,
    daysRange: 7,
    detailedMessageShown: true,
    type: 'SHARED_PAGE',
  },
  count: of.length,
  totalCount: of.length,
  activityCount: 0,
  messages: of,
});
const badQuery: SpotFeedError = {
  kind: 'error',
  code: 'E-0400',
  text: 'Bad Request',
  description: 'startDate must look like 2012-07-03T00:00:00-0000, not "yesterday"',
};

/** A feed resource's answers, written by the facade's own presenters so that they are what it sends. */
function feedExamples(what: 'message' | 'latest', format: 'json' | 'xml'): OperationExamples {
  const present = (body: SpotFeedPage | SpotFeedError) =>
    format === 'json' ? JSON.parse(presentFeedJson(body)) : presentFeedXml(body);
  return {
    // `latest` holds one message per device: here one device, whose message is an object, not an array.
    response: present(page(what === 'message' ? messages : messages.slice(0, 1))),
    answers: {
      '400': present(badQuery),
      '403': '<html><body>403 Forbidden</body></html>',
      '429': present({
        kind: 'error',
        code: 'E-0429',
        text: 'Too Many Requests',
        description: new TooManyFailedAttempts(60).message,
      }),
      '500': present({
        kind: 'error',
        code: 'E-0500',
        text: 'Internal Error',
        description: 'The feed could not be read.',
      }),
    },
  };
}

const FEED_EXAMPLES: ExamplesByOperation = Object.fromEntries(
  RESOURCES.map((r) => [
    operationName('get', `/compat/spot${FEED_PATH}/{feedId}/${r.path}`),
    feedExamples(r.what, r.format),
  ]),
);

/** Examples of SPOT's operations in the OpenAPI document, by operationId. */
export const SPOT_OPENAPI_EXAMPLES: ExamplesByOperation = {
  ...FEED_EXAMPLES,
  // Two messages of a push, one new and one sent before (document 000).
  postIngestSpotBySourceId: { response: { accepted: 1, merged: 0, duplicate: 1 } },
  getSpotFeeds: { response: { items: [feed] } },
  postSpotFeeds: {
    request: {
      name: 'Expedition truck',
      description: 'Live position for the support crew',
      password: 'base-camp-2025',
      deviceIds: [42],
      rateLimited: true,
    },
    response: feed,
  },
};
