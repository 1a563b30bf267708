import { XMLBuilder } from 'fast-xml-parser';
import { xmlAttribute, xmlText } from '../../../formats/xml/xml-text.ts';
import { formatXmlDate, zoneOffset } from './dates.ts';
import {
  POSITION_FIELDS,
  TRIP_FIELDS,
  XML_ATTRIBUTES,
  type FieldKind,
  type MixPosition,
  type MixTrip,
} from './trip.ts';

type Node = Record<string, unknown>;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '\t',
  suppressEmptyNode: true,
  // Escaping is the hub's one XML text writer's, which also replaces what XML 1.0 forbids (a control character).
  processEntities: false,
  tagValueProcessor: (_name, value) => xmlText(String(value)),
  attributeValueProcessor: (_name, value) => xmlAttribute(String(value)),
});

/** The root's namespace declarations, as document 003's XML has them. */
const NAMESPACES = {
  '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
  '@_xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
};

/**
 * Trips as document 003's XML: `<ArrayOfTrip>` of `<Trip>`, `SystemType` and `VehicleId` as attributes of a
 * trip and of its positions, times in UTC (or the globalisation's zone) with a `UtcOffset` attribute in minutes.
 */
export function presentTripsXml(trips: readonly MixTrip[], timeZone: string): string {
  const root = { ArrayOfTrip: { ...NAMESPACES, Trip: trips.map((t) => tripNode(t, timeZone)) } };
  return builder.build(root).trimEnd();
}

function tripNode(trip: MixTrip, timeZone: string): Node {
  const node: Node = {};
  for (const [key, kind] of TRIP_FIELDS) put(node, key, kind, trip[key], timeZone);
  return node;
}

function positionNode(position: MixPosition, timeZone: string): Node {
  const node: Node = {};
  for (const [key, kind] of POSITION_FIELDS) put(node, key, kind, position[key], timeZone);
  return node;
}

function put(node: Node, key: string, kind: FieldKind, v: unknown, timeZone: string): void {
  if (v == null) return;
  if (XML_ATTRIBUTES.has(key)) {
    node[`@_${key}`] = String(v);
    return;
  }
  switch (kind) {
    case 'time': {
      const offset = zoneOffset(timeZone, v as number);
      node[key] = { '@_UtcOffset': String(offset), '#text': formatXmlDate(v as number, offset) };
      return;
    }
    case 'position':
      node[key] = positionNode(v as MixPosition, timeZone);
      return;
    case 'trips':
      node[key] = { Trip: (v as MixTrip[]).map((t) => tripNode(t, timeZone)) };
      return;
    default:
      node[key] = v;
  }
}
