import { renderRequest, type ChannelConfig } from '../../../callbacks/request.ts';
import type { DeviceType, StoredMessage } from '../../../model/records.ts';
import type { Storage } from '../../../storage/storage.ts';
import { messageVariables } from '../callbacks/variables.ts';

/** How long the user's server has to answer; the network waits for the downlink only a short while. */
const TIMEOUT_MS = 10_000;

export type DownlinkAnswer = { downlinkData: string | null } | { error: string };

type MessageView = Pick<
  StoredMessage,
  'deviceTime' | 'payload' | 'payloadEncoding' | 'radio' | 'attributes' | 'duplicate' | 'decoded'
>;

/**
 * Downlink mode 1 (callback): the device type's selected downlink callback is called at once and its answer,
 * `{"<device>":{"downlinkData":"<16 hex>"}}` (or `{"<device>":{"noData":true}}`), is the downlink.
 */
export async function askDownlinkCallback(
  storage: Storage,
  type: DeviceType,
  device: string,
  message: MessageView,
): Promise<DownlinkAnswer> {
  const hook = (await storage.listCallbacks({ deviceTypeId: type.id })).find(
    (c) => c.enabled && c.channel === 'url' && c.config.downlinkHook === true,
  );
  if (!hook) return { error: 'downlink mode is callback, but no downlink callback is selected' };
  const config = hook.config as ChannelConfig & { payloadConfig?: string };
  const vars = messageVariables(message, device, type.id, config.payloadConfig);
  const r = renderRequest('url', config, vars);
  if (r.channel !== 'url') return { error: 'the downlink callback is not a URL callback' };
  let body: unknown;
  try {
    const res = await fetch(r.url, {
      method: r.method,
      headers: { ...r.headers, ...(r.contentType ? { 'content-type': r.contentType } : {}) },
      body: r.body ?? undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (res.status === 204) return { downlinkData: null };
    if (!res.ok) return { error: `the downlink callback answered HTTP ${res.status}` };
    body = await res.json();
  } catch (err) {
    return { error: `the downlink callback failed: ${(err as Error).message}` };
  }
  const entry = (body as Record<string, unknown> | null)?.[device] as Record<string, unknown> | undefined;
  if (entry?.noData === true) return { downlinkData: null };
  const data = entry?.downlinkData;
  if (typeof data !== 'string' || !/^[0-9a-fA-F]{16}$/.test(data)) {
    return { error: `the downlink callback did not answer {"${device}":{"downlinkData":"<16 hex digits>"}}` };
  }
  return { downlinkData: data.toLowerCase() };
}
