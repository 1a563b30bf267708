import { Type, type TSchema } from '@sinclair/typebox';
import { Nullable } from '../../../api/schemas.ts';

// The answers of the Sigfox backend API v1 (document 004), as the facade presents them (presenters.ts). Every
// object stays open (`additionalProperties: true`): the document's objects carry more fields than the facade
// fills. They describe the answers in the OpenAPI document; the facade sends what the presenters wrote
// (answerAsWritten), in the document's key order.

export const open = <T extends Record<string, TSchema>>(properties: T, description?: string) =>
  Type.Object(properties, { additionalProperties: true, ...(description && { description }) });

/** A route's options that describe its 200 answer with `schema`. */
export const answers = (schema: TSchema) => ({ schema: { response: { 200: schema } } });

/** A route's options for the document's answer without a body: "A status code 200 is returned when …". */
// A plain schema rather than TypeBox's, so that the handler still answers with no payload at all (a null would
// be sent as the body `null`).
export const answersWithoutBody = (description: string) => ({
  schema: { response: { 200: { type: 'null', description: `${description}; no body` } } },
});

const SigfoxError = open({ message: Type.String() }, "The facade's error: a message saying why");
const refusal = (description: string) => ({
  description,
  content: { 'application/json': { schema: SigfoxError } },
});

/** The document's status codes ("The SIGFOX API uses a limited number of HTTP status codes"), on every route. */
export const SIGFOX_ERROR_ANSWERS = {
  400: refusal('Bad request: a required parameter is missing or its value is not valid'),
  401: refusal('The HTTP Basic credentials are missing or invalid'),
  404: refusal('The resource (device, device type, callback, group…) was not found for these credentials'),
  429: refusal('Too many failed authentications from this client, with Retry-After (not in the document)'),
  500: refusal('An unexpected error occurred'),
};

/** A page of the document's lists: `data`, and `paging.next` while there is more. */
export const SigfoxPage = (item: TSchema) =>
  open({
    data: Type.Array(item),
    paging: Type.Optional(open({ next: Type.String({ description: 'The URL of the next page' }) })),
  });

const Token = {
  tokenType: Type.Optional(Type.String({ enum: ['CONTRACT', 'FREE'] })),
  contractId: Type.Optional(Type.String()),
  tokenEnd: Type.Optional(Type.Integer({ description: 'ms since the epoch' })),
  freeMessages: Type.Optional(Type.Integer()),
};

export const SigfoxDevice = open({
  id: Type.String({ description: 'The Sigfox id, hexadecimal' }),
  name: Type.String(),
  type: Nullable(Type.String({ description: 'The device type id' })),
  last: Type.Number({ description: 'Time of the last message, ms since the epoch (0: none)' }),
  averageSignal: Type.Number(),
  averageSnr: Type.Number(),
  averageRssi: Type.Number(),
  state: Type.Integer({ description: '0 OK, 1 dead, 2 off contract, 3 disabled, 4 network issue' }),
  activationTime: Type.Optional(Type.Number()),
  pac: Type.Optional(Type.String()),
  ...Token,
});

export const SigfoxTokenState = open({
  code: Type.Integer({ description: '0 ok, 1 off contract or invalid token, 2 not communicated' }),
  detailMessage: Type.String(),
  ...Token,
});

export const SigfoxMessage = open({
  device: Type.String(),
  time: Type.Integer({ description: 's since the epoch' }),
  data: Type.String({ description: 'The payload, hexadecimal' }),
  snr: Type.Optional(Type.String()),
  linkQuality: Type.Optional(Type.String()),
  seqNumber: Type.Optional(Type.Integer()),
  rinfos: Type.Array(Type.Record(Type.String(), Type.String())),
});

export const SigfoxLocation = open({
  time: Type.Integer({ description: 's since the epoch' }),
  valid: Type.Boolean(),
  lat: Type.Number(),
  lng: Type.Number(),
  radius: Type.Number({ description: 'm' }),
});

/** A status event or failed callback: its fields depend on the kind (status-events.ts). */
export const SigfoxStatusEvent = open({});

export const SigfoxNetworkState = open({ networkStatus: Type.String({ enum: ['OK', 'NOK'] }) });

export const SigfoxMessageMetrics = open({
  lastDay: Type.Integer(),
  lastWeek: Type.Integer(),
  lastMonth: Type.Integer(),
});

export const SigfoxConsumptions = open({
  consumption: open({
    id: Type.String({ description: '<device id>_<year>' }),
    consumptions: Type.Array(open({ frameCount: Type.Integer(), downlinkFrameCount: Type.Integer() }), {
      description: 'One per day of the year',
    }),
  }),
});

export const SigfoxGroup = open({
  id: Type.String(),
  name: Type.String(),
  nameCI: Type.String(),
  description: Type.String(),
  path: Type.Array(Type.String(), { description: 'The ids of its parent groups, root first' }),
  billable: Type.Boolean(),
  bssId: Type.Optional(Type.String()),
});

export const SigfoxDeviceType = open({
  id: Type.String(),
  name: Type.String(),
  group: Type.String(),
  description: Type.String(),
  keepAlive: Type.Integer({ description: 's' }),
  payloadType: Type.String({ enum: ['None', 'String', 'Custom', 'Geolocation'] }),
  payloadConfig: Type.Optional(Type.String()),
  contract: Type.Optional(Type.String()),
  downlinkMode: Type.Integer({ description: '0 direct, 1 callback' }),
  downlinkDataString: Type.Optional(Type.String()),
  alertEmail: Type.Optional(Type.String()),
});

/** A callback definition as the document lists it; its fields depend on its channel (URL, batch URL, email). */
export const SigfoxCallback = open({
  callbackType: Nullable(Type.Integer({ description: '0 data, 1 service, 2 error' })),
});

export const SigfoxCallbacks = open({
  data: Type.Array(SigfoxCallback),
  service: Type.Array(SigfoxCallback),
  error: Type.Array(SigfoxCallback),
});

export const SigfoxIdPacs = open({
  data: Type.Array(open({ id: Type.String(), pac: Type.Optional(Type.String()) })),
});

/** A configuration list the facade keeps empty (geolocation configurations are the network's, not Trackway's). */
export const SigfoxEmptyList = Type.Array(open({}), { maxItems: 0 });

export const SigfoxCreatedIds = Type.Array(Type.String(), {
  description: 'The ids of the callbacks created',
});

/** A failed callback delivery; its fields depend on the callback's channel (routes-misc.ts). */
export const SigfoxFailedCallback = open({});

export const SigfoxRedundancy = open({
  redundancy: Type.Integer({ description: 'Base stations in reach, 0 to 3' }),
});

export const SigfoxUser = open({
  firstName: Type.String(),
  lastName: Type.String(),
  email: Type.String(),
  timezone: Type.String(),
  creationTime: Type.Number({ description: 'ms since the epoch' }),
  creationDate: Type.String(),
  lastLogin: Type.Optional(Type.Number()),
  lastLoginDate: Type.Optional(Type.String()),
  userRoles: Type.Array(
    open({ group: SigfoxGroup, customRole: open({ id: Type.String(), name: Type.String() }) }),
  ),
});
