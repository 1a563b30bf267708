/**
 * The error catalogue: every error the native API returns has one of these stable codes, in the shape
 * `{"error":{"code":"…","message":"…"}}`. Clients branch on the code; the message is for people.
 */
export const ERROR_CATALOGUE = {
  BAD_REQUEST: {
    status: 400,
    description: 'The request is malformed: a parameter or the body fails validation.',
  },
  INVALID_BODY: {
    status: 400,
    description: 'The body cannot be parsed at all (broken JSON or NDJSON); nothing was stored.',
  },
  INVALID_FILE: {
    status: 400,
    description: 'An imported file cannot be read to its end; the message names the line and what was kept.',
  },
  INVALID_CURSOR: {
    status: 400,
    description: 'The cursor was not issued by this server or has been altered.',
  },
  UNAUTHORIZED: { status: 401, description: 'No credential, or one that is unknown or revoked.' },
  FORBIDDEN: {
    status: 403,
    description: 'The credential is valid, but its role does not allow this action.',
  },
  NOT_FOUND: { status: 404, description: 'No such route.' },
  GROUP_NOT_FOUND: { status: 404, description: "No such group in the caller's subtree." },
  DEVICE_NOT_FOUND: { status: 404, description: "No such device in the caller's subtree." },
  DEVICE_TYPE_NOT_FOUND: { status: 404, description: "No such device type in the caller's subtree." },
  PLACE_NOT_FOUND: { status: 404, description: "No such place (by identifier) in the caller's subtree." },
  TOKEN_NOT_FOUND: { status: 404, description: "No such live token in the caller's subtree." },
  SOURCE_NOT_FOUND: { status: 404, description: "No such source in the caller's subtree." },
  WEBHOOK_NOT_FOUND: { status: 404, description: "No such event webhook in the caller's subtree." },
  USER_NOT_FOUND: { status: 404, description: "No such user in the caller's subtree." },
  CONFLICT: {
    status: 409,
    description: 'The change clashes with existing data (e.g. an external id already in use).',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    description: 'The body is larger than the configured limit; nothing was stored.',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    description:
      'Too many failed authentications from this address (wrong tokens, secrets, credentials or passwords), or ' +
      'failed sign-ins for this login: every credential is refused, a correct one too, until Retry-After seconds ' +
      'have passed.',
  },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The Content-Type is not one this endpoint reads.' },
  NOT_READY: { status: 503, description: 'The server is starting or shutting down.' },
  INTERNAL: { status: 500, description: 'An unexpected fault; it is logged. Nothing partial was committed.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Per-record reasons in an ingest response (the batch itself succeeds). */
export const RECORD_ERROR_CATALOGUE = {
  INVALID_RECORD: 'A field is missing, unknown, or of the wrong type.',
  INVALID_COORDINATES: 'Latitude outside [-90, 90] or longitude outside [-180, 180].',
  INVALID_TIME: 'A time that cannot be parsed, is before 1900, or is more than a day ahead of the server.',
  INVALID_FIELD:
    'A value out of its range (e.g. a negative speed), or a free value (attributes, decoded) nested deeper than 32 levels or larger than 64 KiB as JSON.',
  INVALID_EVENT: 'An event of an unknown type or with an invalid time.',
  EMPTY_RECORD: 'The record carries no position, message or event.',
  UNKNOWN_DEVICE: "The device is not known and the group's policy is to reject unknown devices.",
  DEVICE_NOT_FOUND: "The device id does not exist in the caller's subtree.",
} as const;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.status = ERROR_CATALOGUE[code].status;
  }
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}
