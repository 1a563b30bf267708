import type { StoredTrip } from '../../model/derived.ts';
import { deviceLabel } from '../export/writer.ts';
import { tripRecord } from '../export/trip-record.ts';
import { tripTitle, type TripExportWriter } from '../export/trip-writer.ts';
import { xmlText } from '../xml/xml-text.ts';
import { gpxHeader, gpxTrackPoint } from './write-gpx.ts';

/** Our own namespace for the trip's fields, which GPX has no elements for; readers skip what they do not know. */
export const TRIP_NS = 'urn:trackway:gpx:trip:1';

/** What a person reads in a GPS app's track list: distance, time and speeds. */
function summary(t: StoredTrip): string {
  const km = (t.distance / 1000).toFixed(1);
  const min = Math.round(t.duration / 60_000);
  const open = t.open ? ', still going on' : '';
  return `${km} km in ${min} min, max ${Math.round(t.maxSpeed)} km/h, average ${Math.round(t.avgSpeed)} km/h${open}`;
}

/**
 * GPX 1.1: one `<trk>` per trip (type "trip"), named by its device and start, its positions as one segment. The
 * summary is in `<desc>`; every field of the trip, as in the trips report, is in `<extensions>`.
 */
export const gpxTripWriter: TripExportWriter = {
  contentType: 'application/gpx+xml',
  extension: 'gpx',
  withPositions: true,
  header: () => gpxHeader(` xmlns:trackway="${TRIP_NS}"`),
  tripStart: (t, d) => {
    let fields = '';
    for (const [k, v] of Object.entries(tripRecord(t))) {
      if (v !== null) fields += `<trackway:${k}>${xmlText(v)}</trackway:${k}>`;
    }
    return (
      `<trk>\n<name>${xmlText(tripTitle(t, deviceLabel(d)))}</name>\n<desc>${summary(t)}</desc>\n` +
      `<type>trip</type>\n<extensions><trackway:trip>${fields}</trackway:trip></extensions>\n<trkseg>\n`
    );
  },
  position: gpxTrackPoint,
  tripEnd: () => '</trkseg>\n</trk>\n',
  footer: () => '</gpx>\n',
};
