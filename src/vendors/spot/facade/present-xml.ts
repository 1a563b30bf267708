import { xmlAttribute, xmlText } from '../../../formats/xml/xml-text.ts';
import type { SpotFeedError, SpotFeedInfo, SpotFeedPage, SpotMessage } from '../spot-message.ts';

/**
 * The XML of the vendor document ("The XML returned via an api.findmespot.com feed will look like this"), element
 * for element and in its order; `batteryState` and `altitude`, which real SPOT adds and the document lacks, come
 * after the document's elements, so that a reader of the document's sequence meets it unchanged.
 */
export function presentFeedXml(page: SpotFeedPage | SpotFeedError): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<response>'];
  if (page.kind === 'error') {
    lines.push(
      '  <errors>',
      '    <error>',
      el(6, 'code', page.code),
      el(6, 'text', page.text),
      el(6, 'description', page.description),
      '    </error>',
      '  </errors>',
    );
  } else {
    lines.push('  <feedMessageResponse>', el(4, 'count', page.count), ...feedXml(page.feed));
    lines.push(el(4, 'totalCount', page.totalCount), el(4, 'activityCount', page.activityCount));
    lines.push('    <messages>', ...page.messages.flatMap(messageXml), '    </messages>');
    lines.push('  </feedMessageResponse>');
  }
  lines.push('</response>');
  return lines.join('\n') + '\n';
}

function feedXml(f: SpotFeedInfo): string[] {
  return [
    '    <feed>',
    el(6, 'id', f.id),
    el(6, 'name', f.name),
    el(6, 'description', f.description),
    el(6, 'status', f.status),
    el(6, 'usage', f.usage),
    el(6, 'daysRange', f.daysRange),
    el(6, 'detailedMessageShown', f.detailedMessageShown),
    ...(f.type == null ? [] : [el(6, 'type', f.type)]),
    '    </feed>',
  ];
}

function messageXml(m: SpotMessage): string[] {
  const optional = (name: string, value: string | number | null) =>
    value == null ? [] : [el(8, name, value)];
  return [
    `      <message clientUnixTime="${xmlAttribute(m.clientUnixTime)}">`,
    el(8, 'id', m.id),
    el(8, 'messengerId', m.messengerId),
    el(8, 'messengerName', m.messengerName),
    el(8, 'unixTime', m.unixTime),
    el(8, 'messageType', m.messageType),
    el(8, 'latitude', coordinate(m.latitude)),
    el(8, 'longitude', coordinate(m.longitude)),
    ...optional('modelId', m.modelId),
    ...optional('showCustomMsg', m.showCustomMsg),
    ...optional('dateTime', m.dateTime),
    el(8, 'hidden', m.hidden),
    ...optional('messageContent', m.messageContent),
    ...optional('batteryState', m.batteryState),
    ...optional('altitude', m.altitude),
    '      </message>',
  ];
}

/** The document writes coordinates as decimals, "no fix" as `-99999.0`: a whole degree keeps its `.0`. */
function coordinate(v: number): string {
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

function el(indent: number, name: string, value: string | number | boolean): string {
  return `${' '.repeat(indent)}<${name}>${xmlText(value)}</${name}>`;
}
