import type { DeviceType, PayloadType } from '../model/records.ts';

export interface NewDeviceType {
  groupId: number;
  name: string;
  description?: string;
  keepAlive?: number;
  payloadType?: PayloadType;
  payloadConfig?: string | null;
  downlinkMode?: string | null;
  downlinkData?: string | null;
  alertEmail?: string | null;
  attributes?: Record<string, unknown>;
}

/** Fields of a device type an edit may change; an absent field keeps its value. */
export const DEVICE_TYPE_PATCH = [
  'name',
  'description',
  'keepAlive',
  'payloadType',
  'payloadConfig',
  'downlinkMode',
  'downlinkData',
  'alertEmail',
  'attributes',
] as const;
export type DeviceTypePatch = Partial<Pick<DeviceType, (typeof DEVICE_TYPE_PATCH)[number]>>;

export interface DeviceTypeStorage {
  createDeviceType(input: NewDeviceType): Promise<DeviceType>;
  getDeviceType(id: number): Promise<DeviceType | null>;
  listDeviceTypes(scope: string): Promise<DeviceType[]>;
  /** Applies the fields present in `patch`; null when there is no such device type. */
  updateDeviceType(id: number, patch: DeviceTypePatch): Promise<DeviceType | null>;
}
