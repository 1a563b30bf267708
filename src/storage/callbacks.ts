import type { Delivery } from './deliveries.ts';

/**
 * Outgoing callbacks (DESIGN.md §6) and their delivery log: per device type (Sigfox-style URL, batch URL, email)
 * or per group (event webhooks). Deliveries are queued and claimed through `DeliveryStorage`.
 */

export type CallbackChannel = 'url' | 'batch-url' | 'email' | 'webhook';

export interface OutgoingCallback {
  id: number;
  groupId: number;
  deviceTypeId: number | null;
  channel: CallbackChannel;
  /** What triggers it, e.g. data, service, error, event. */
  kind: string;
  subtype: string | null;
  /** Channel settings: url, method, headers, templates, recipient, signing secret… */
  config: Record<string, unknown>;
  enabled: boolean;
  /** True when its last delivery failed for good; cleared by the next success. */
  dead: boolean;
  createdAt: number;
}

export interface NewOutgoingCallback {
  groupId: number;
  deviceTypeId?: number | null;
  channel: CallbackChannel;
  kind: string;
  subtype?: string | null;
  config?: Record<string, unknown>;
  enabled?: boolean;
}

export interface CallbackPatch {
  config?: Record<string, unknown>;
  enabled?: boolean;
  dead?: boolean;
}

export interface DeliveryQuery {
  callbackIds: number[];
  status?: Delivery['status'];
  deviceId?: number;
  /** Inclusive, on the creation time. */
  from?: number;
  /** Exclusive. */
  to?: number;
  limit: number;
  offset?: number;
}

export interface CallbackStorage {
  createCallback(input: NewOutgoingCallback): Promise<OutgoingCallback>;
  getCallback(id: number): Promise<OutgoingCallback | null>;
  /** Oldest first; by device type, by group, or both. */
  listCallbacks(query: { deviceTypeId?: number; groupId?: number }): Promise<OutgoingCallback[]>;
  updateCallback(id: number, patch: CallbackPatch): Promise<OutgoingCallback | null>;
  /** Deletes the callback and its delivery log; false when there is none. */
  deleteCallback(id: number): Promise<boolean>;

  /** Newest first. */
  listDeliveries(query: DeliveryQuery): Promise<Delivery[]>;
}
