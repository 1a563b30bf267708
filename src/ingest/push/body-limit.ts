/**
 * Largest body a push receiver reads (SPOT, Sigfox, OsmAnd, OwnTracks). A push carries one message or a few
 * hundred (SPOT batches), a few kilobytes to some tens; the global limit (TRACKWAY_BODY_LIMIT, 32 MiB by default)
 * is for the bulk API and imports. Each receiver buffers and parses its body whole, so this bounds what one
 * request can make the hub hold: hostile 10 MB bodies sent to receivers held hundreds of megabytes at once.
 */
export const RECEIVER_BODY_LIMIT = 1024 * 1024;
