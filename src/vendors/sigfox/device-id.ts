/**
 * The one form of a Sigfox device id, used at ingest, in the connector and in facade lookups alike: network ids
 * are hex and the backend shows them upper-case (document 004, e.g. "002C"), so hex is upper-cased whatever case
 * it came in; integrations in front of the network send their own names (e.g. "testdev001"), kept as sent.
 */
export function sigfoxDeviceId(raw: string): string {
  return /^[0-9a-f]+$/i.test(raw) ? raw.toUpperCase() : raw;
}
