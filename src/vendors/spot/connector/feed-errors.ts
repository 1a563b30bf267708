import type { SpotFeedError } from '../spot-message.ts';

/** SPOT's error envelopes, worded as real SPOT words them (the samples), typos included. */
export const feedErrors = {
  noMessages: (feedId: string): SpotFeedError => ({
    kind: 'error',
    code: 'E-0195',
    text: 'No Messages to display',
    description: `No displayable messages found found for feed: ${feedId}`,
  }),
  notFound: (feedId: string): SpotFeedError => ({
    kind: 'error',
    code: 'E-0160',
    text: 'Feed Not Found',
    description: `Feed with Id: ${feedId} not found.`,
  }),
  /** Neither the document nor the samples show this one; its code and words are Trackway's. */
  badPassword: (feedId: string): SpotFeedError => ({
    kind: 'error',
    code: 'E-0161',
    text: 'Invalid Feed Password',
    description: `The password given for feed: ${feedId} is not valid.`,
  }),
};
