import type { DeviceType } from '../model/records.ts';

/** Fields of a device type an edit may change; an absent field keeps its value. */
export type DeviceTypePatch = Partial<
  Pick<
    DeviceType,
    | 'name'
    | 'description'
    | 'keepAlive'
    | 'payloadType'
    | 'payloadConfig'
    | 'downlinkMode'
    | 'downlinkData'
    | 'alertEmail'
    | 'attributes'
  >
>;

/** Column of each patchable field (JSON columns are marked, since the databases store them differently). */
export const DEVICE_TYPE_COLUMNS: Record<keyof DeviceTypePatch, string> = {
  name: 'name',
  description: 'description',
  keepAlive: 'keep_alive',
  payloadType: 'payload_type',
  payloadConfig: 'payload_config',
  downlinkMode: 'downlink_mode',
  downlinkData: 'downlink_data',
  alertEmail: 'alert_email',
  attributes: 'attributes',
};

export interface DeviceTypeStorage {
  /** Applies the fields present in `patch`; null when there is no such device type. */
  updateDeviceType(id: number, patch: DeviceTypePatch): Promise<DeviceType | null>;
}
