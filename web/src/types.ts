/** Shapes of the native API's answers that the web app reads (see /api/v1/openapi.json). */

export type Role = 'admin' | 'manager' | 'viewer';

export interface Group {
  id: number;
  parentId: number | null;
  name: string;
  path: string;
}

export interface Whoami {
  role: Role;
  group: Group;
  user: { id: number; login: string; name: string } | null;
  token: { id: number; name: string } | null;
}

export interface Position {
  id: number;
  deviceId: number;
  fixTime: string;
  lat: number;
  lon: number;
  speed: number | null;
  course: number | null;
  altitude: number | null;
}

export interface Device {
  id: number;
  groupId: number;
  typeId: number | null;
  name: string;
  state: 'ok' | 'silent' | 'off' | 'disabled' | 'warn';
  externalIds: { vendor: string; externalId: string }[];
  lastSeen: string | null;
  latestPosition: Position | null;
}

export interface TrackEvent {
  id: number;
  deviceId: number | null;
  groupId: number;
  type: string;
  time: string;
  attributes: Record<string, unknown>;
}

export interface Trip {
  deviceId: number;
  startTime: string;
  endTime: string;
  startLatitude: number;
  startLongitude: number;
  endLatitude: number;
  endLongitude: number;
  distance: number;
  durationSeconds: number;
  maxSpeed: number | null;
  avgSpeed: number | null;
  open: boolean;
}

export interface Stop {
  deviceId: number;
  startTime: string;
  endTime: string;
  latitude: number;
  longitude: number;
  durationSeconds: number;
  open: boolean;
}

export interface PlaceVisit {
  deviceId: number;
  placeId: number;
  placeName: string;
  enterTime: string | null;
  exitTime: string | null;
  durationSeconds: number | null;
}

export interface Place {
  id: number;
  groupId: number;
  identifier: string;
  name: string;
  details: string | null;
  labels: string[];
  latitude: number;
  longitude: number;
  radius: number | null;
  polygon: [number, number][] | null;
  archived: boolean;
}

export interface MapConfig {
  styleUrl: string | null;
  tileUrl: string;
  attribution: string;
}
