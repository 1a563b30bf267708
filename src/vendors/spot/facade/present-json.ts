import type { SpotFeedError, SpotFeedInfo, SpotFeedPage, SpotMessage } from '../spot-message.ts';

/**
 * The JSON real SPOT sends (the samples of its clients' test suites): the document's XML turned into JSON, with
 * the attribute as `@clientUnixTime`, numbers as numbers, and `message` an object, not an array, when there is
 * one message. Key order follows the samples.
 */
export function presentFeedJson(page: SpotFeedPage | SpotFeedError): string {
  if (page.kind === 'error') return JSON.stringify(errorBody(page));
  const messages = page.messages.map(messageJson);
  return JSON.stringify({
    response: {
      feedMessageResponse: {
        count: page.count,
        feed: feedJson(page.feed),
        totalCount: page.totalCount,
        activityCount: page.activityCount,
        messages: { message: messages.length === 1 ? messages[0] : messages },
      },
    },
  });
}

function errorBody(e: SpotFeedError) {
  return { response: { errors: { error: { code: e.code, text: e.text, description: e.description } } } };
}

function feedJson(f: SpotFeedInfo) {
  return {
    id: f.id,
    name: f.name,
    description: f.description,
    status: f.status,
    usage: f.usage,
    daysRange: f.daysRange,
    detailedMessageShown: f.detailedMessageShown,
    ...(f.type == null ? {} : { type: f.type }),
  };
}

function messageJson(m: SpotMessage) {
  return {
    '@clientUnixTime': m.clientUnixTime,
    id: /^\d{1,15}$/.test(m.id) ? Number(m.id) : m.id,
    messengerId: m.messengerId,
    messengerName: m.messengerName,
    unixTime: m.unixTime,
    messageType: m.messageType,
    latitude: m.latitude,
    longitude: m.longitude,
    ...(m.modelId == null ? {} : { modelId: m.modelId }),
    ...(m.showCustomMsg == null ? {} : { showCustomMsg: m.showCustomMsg }),
    ...(m.dateTime == null ? {} : { dateTime: m.dateTime }),
    ...(m.batteryState == null ? {} : { batteryState: m.batteryState }),
    hidden: m.hidden,
    ...(m.altitude == null ? {} : { altitude: m.altitude }),
    ...(m.messageContent == null ? {} : { messageContent: m.messageContent }),
  };
}
