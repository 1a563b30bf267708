import type { DemoHub, RunningDemoPart, VendorSandbox } from './vendor.ts';

/**
 * The demo part of a vendor with a pull connector: its sandbox on a free port, and a pull source reading it,
 * created through the native API as a user would.
 */
export async function demoPullingFrom(
  vendor: string,
  sandbox: VendorSandbox,
  hub: DemoHub,
): Promise<RunningDemoPart & { url: string }> {
  const running = await sandbox.start({ port: 0, speedUp: hub.speedUp });
  try {
    await hub.api('POST', '/api/v1/sources', {
      vendor,
      kind: 'pull',
      name: `${sandbox.title} (sandbox)`,
      settings: running.sourceSettings,
    });
  } catch (err) {
    await running.stop();
    throw err;
  }
  return {
    url: running.url,
    lines: [`${sandbox.title}: ${running.url}, pulled by a "${vendor}" source`],
    stop: () => running.stop(),
  };
}
