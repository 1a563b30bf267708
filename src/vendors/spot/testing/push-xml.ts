import type { SpotMessage } from '../spot-message.ts';

/** Messages written as SPOT's push body (spotXml-v2 `messageList`), as in the push sample, for tests and bench. */
export function pushXml(messages: SpotMessage[]): string {
  const optional = (name: string, value: string | number | null) =>
    value == null ? '' : `<${name}>${escape(String(value))}</${name}>\n`;
  const body = messages.map(
    (m) =>
      '<message>\n' +
      optional('id', m.id || null) +
      `<esn>${escape(m.messengerId)}</esn>\n<esnName>${escape(m.messengerName)}</esnName>\n` +
      `<messageType>${m.messageType}</messageType>\n` +
      optional('messageDetail', m.messageContent) +
      `<timestamp>${new Date(m.unixTime * 1000).toISOString()}</timestamp>\n` +
      `<timeInGMTSecond>${m.unixTime}</timeInGMTSecond>\n` +
      `<latitude>${m.latitude}</latitude>\n<longitude>${m.longitude}</longitude>\n` +
      optional('batteryState', m.batteryState) +
      optional('altitude', m.altitude) +
      '</message>\n',
  );
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<messageList xmlns="http://v2.shared.globalstar.com">\n' +
    `<header>\n<totalCount>${messages.length}</totalCount>\n<mode>LIVE</mode>\n</header>\n` +
    body.join('') +
    '</messageList>\n'
  );
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
