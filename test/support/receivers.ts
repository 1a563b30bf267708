import { Api, expectStatus, type Json } from './api.ts';

/** Creates a push source of `vendor` in the admin's group and a secret for it (bound to `externalId` if given). */
export async function pushSourceWithSecret(
  admin: Api,
  vendor: string,
  options: { externalId?: string; unknownDevices?: 'create' | 'reject'; name?: string } = {},
): Promise<{ source: Json; secret: string; secretId: number }> {
  const source = expectStatus(
    await admin.post('/api/v1/sources', {
      vendor,
      kind: 'push',
      name: options.name ?? `${vendor} phones`,
      ...(options.unknownDevices ? { unknownDevices: options.unknownDevices } : {}),
    }),
    201,
  );
  const created = expectStatus(
    await admin.post(`/api/v1/sources/${source.id}/secrets`, {
      name: 'test',
      ...(options.externalId ? { externalId: options.externalId } : {}),
    }),
    201,
  );
  return { source, secret: created.secret, secretId: created.id };
}

/** The device with external identity (vendor, externalId), or undefined. */
export async function deviceByExternalId(admin: Api, vendor: string, externalId: string): Promise<Json> {
  return (await admin.all('/api/v1/devices')).find((d: Json) =>
    d.externalIds.some((e: Json) => e.vendor === vendor && e.externalId === externalId),
  );
}

export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
