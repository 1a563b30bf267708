import type { ExamplesByOperation } from '../../api/openapi/examples.ts';

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

/** Examples of SPOT's operations in the OpenAPI document, by operationId. */
export const SPOT_OPENAPI_EXAMPLES: ExamplesByOperation = {
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
