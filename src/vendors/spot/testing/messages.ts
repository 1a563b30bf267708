import type { SpotMessage } from '../spot-message.ts';

/** `count` TRACK messages of one messenger, newest first as SPOT lists them, 5 minutes apart, the newest at
 * `newest` (ms); ids grow with time, as SPOT's do. */
export function spotMessages(
  messengerId: string,
  count: number,
  newest: number,
  firstId = 1000,
): SpotMessage[] {
  return Array.from({ length: count }, (_, i) => {
    const unixTime = Math.floor(newest / 1000) - i * 300;
    return {
      id: String(firstId + count - i),
      messengerId,
      messengerName: `messenger ${messengerId}`,
      unixTime,
      messageType: 'TRACK',
      latitude: 45 + (count - i) / 1000,
      longitude: 7 + (count - i) / 1000,
      modelId: 'SPOT3',
      showCustomMsg: 'Y',
      dateTime: new Date(unixTime * 1000).toISOString().replace('.000Z', '+0000'),
      batteryState: 'GOOD',
      hidden: 0,
      altitude: 0,
      messageContent: null,
      clientUnixTime: '0',
    };
  });
}
