import { describe, expect, it } from 'vitest';
import { downlinkProblems, normalizeDownlink, renderDownlink } from './downlink.ts';

describe('device type downlink', () => {
  it("accepts the document's example, variables and upper-case hex", () => {
    for (const downlinkData of [
      'deadbeefcafebabe',
      'DEADBEEFCAFEBABE',
      '{time}{rssi}{tapId}',
      '{tapId}00{time}ff',
    ]) {
      expect([downlinkData, downlinkProblems({ downlinkMode: 'direct', downlinkData })]).toEqual([
        downlinkData,
        [],
      ]);
    }
    expect(downlinkProblems({ downlinkMode: 'callback', downlinkData: null })).toEqual([]);
  });

  it('refuses a mode the document does not define, naming the field', () => {
    expect(downlinkProblems({ downlinkMode: '0' })).toEqual([
      'downlinkMode: "0" must be "direct" (the document\'s 0) or "callback" (1)',
    ]);
  });

  it('refuses data that is not 8 whole bytes of hex, or an unknown variable, naming the field', () => {
    expect(downlinkProblems({ downlinkData: 'deadbeef' })).toEqual([
      'downlinkData: 4 bytes; must be 8 (16 hex digits, where {time} counts 4 bytes, {rssi} and {tapId} 2 each)',
    ]);
    expect(downlinkProblems({ downlinkData: '{time}{rssi}{tapId}00' })[0]).toMatch(/^downlinkData: 9 bytes;/);
    expect(downlinkProblems({ downlinkData: 'deadbeefcafebabz' })).toEqual([
      'downlinkData: "deadbeefcafebabz" is not whole bytes of hexadecimal',
    ]);
    expect(downlinkProblems({ downlinkData: '0{time}{rssi}{tapId}0' })[0]).toBe(
      'downlinkData: "0" is not whole bytes of hexadecimal',
    );
    expect(downlinkProblems({ downlinkData: '{time}{snr}0000' }, 'downlinkDataString')).toEqual([
      "downlinkDataString: unknown variable {snr}; the document's variables are {rssi}, {tapId} and {time}",
    ]);
    expect(downlinkProblems({ downlinkData: '' })[0]).toMatch(/^downlinkData: 0 bytes;/);
  });

  it('writes hex in lower case and keeps variable names', () => {
    expect(normalizeDownlink('{tapId}CAFE{time}')).toBe('{tapId}cafe{time}');
  });

  it('renders each variable at its fixed width', () => {
    const time = Date.UTC(2023, 10, 14, 22, 13, 20);
    expect(renderDownlink('{time}{rssi}{tapId}', { rssi: -123, station: '1D44', time })).toBe(
      '6553f100ff851d44',
    );
    expect(renderDownlink('{rssi}{tapId}CAFEBABE', { rssi: null, station: null, time })).toBe(
      '00000000cafebabe',
    );
  });
});
