import { ERROR_MESSAGES, type FaErrorEnvelope, type FaErrorStatus } from '../wire.ts';

/** An answer in the document's error envelope, with the HTTP status the document shows for it. */
export class FaApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly status: FaErrorStatus,
    message: string,
  ) {
    super(message);
  }

  get envelope(): FaErrorEnvelope {
    return { status: this.status, success: false, error_message: this.message };
  }
}

export const faErrors = {
  appNotFound: () => new FaApiError(404, 'not_found', ERROR_MESSAGES.appNotFound),
  wrongDate: () => new FaApiError(400, 'bad_request', ERROR_MESSAGES.wrongDate),
  entityNotFound: () => new FaApiError(404, 'not_found', ERROR_MESSAGES.entityNotFound),
  locationNotFound: () => new FaApiError(404, 'not_found', ERROR_MESSAGES.locationNotFound),
  /** The document answers a caller without permission "Status: 404 not found" with status `forbidden`. */
  noAccess: () => new FaApiError(404, 'forbidden', ERROR_MESSAGES.noAccess),
  badRequest: (message: string) => new FaApiError(400, 'bad_request', message),
  /** The document shows this one answered with HTTP 200. */
  unsupportedTemplate: (format: string) =>
    new FaApiError(200, 'bad_request', ERROR_MESSAGES.unsupportedTemplate(format)),
  unauthorized: (message: string) => new FaApiError(401, 'unauthorized', message),
};
