import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { HubContext } from '../../../api/context.ts';
import type { Config } from '../../../config/config.ts';
import { commitRecords } from '../../../ingest/push/commit-records.ts';
import { ReceiverError } from '../../../ingest/push/receiver-error.ts';
import { mqttSourceNow } from './mqtt-source.ts';
import { identityFromTopic, parseOwntracksMessage } from './parse-message.ts';

const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 60_000;
/** How often a paused subscriber looks whether its source was enabled again. */
const RECHECK_MS = 5_000;

/** The source takes no messages now: leave them on the broker, unacknowledged. */
class SourcePaused extends Error {}

export interface OwntracksSubscriber {
  /** Whether the broker connection is up now. */
  connected(): boolean;
  stop(): Promise<void>;
}

/**
 * OwnTracks over MQTT: subscribes with QoS 1 in a persistent session and acknowledges each message only after its
 * records are committed, so that the broker keeps what was not stored and delivers it again after a fault or a
 * restart. Unreadable messages are acknowledged and logged (sending them again would not make them readable).
 * Reconnects with a doubling delay, up to a minute.
 *
 * The source is read for every message, so a change through the API applies to the next one. While the source
 * is disabled the subscriber disconnects, leaving what the phones publish queued in its session on the broker,
 * and looks every few seconds whether it was enabled again; then it reconnects and receives the queue.
 */
export async function startOwntracksMqtt(
  hub: HubContext,
  logger: Logger,
  settings: NonNullable<Config['owntracksMqtt']>,
): Promise<OwntracksSubscriber> {
  const log = logger.child({ receiver: 'owntracks-mqtt' });
  const sourceId = settings.sourceId;
  const atStart = await mqttSourceNow(hub, sourceId);
  // A source that cannot be used is a configuration error; a disabled one is a state that the API may change.
  if (!atStart.ok && !atStart.disabled) {
    throw new Error(`TRACKWAY_OWNTRACKS_MQTT_SOURCE: ${atStart.reason}`);
  }
  const topics = settings.topic
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const client: MqttClient = mqtt.connect(settings.url, {
    // A stable client id and clean: false keep the session, and with it the unacknowledged messages, on the broker.
    clientId: settings.clientId,
    clean: false,
    reconnectPeriod: FIRST_RETRY_MS,
    connectTimeout: 10_000,
    manualConnect: !atStart.ok,
  });
  let recheck: NodeJS.Timeout | null = null;
  /** Stops taking messages (a client that never connected has nothing to end) until the source is enabled. */
  const pause = (reason: string, connected: boolean) => {
    if (recheck) return;
    log.warn(
      { reason },
      'not taking OwnTracks messages until the source is enabled; they wait on the broker',
    );
    if (connected) client.end(true);
    recheck = setInterval(() => {
      mqttSourceNow(hub, sourceId).then(
        (now) => {
          if (!now.ok || !recheck) return;
          clearInterval(recheck);
          recheck = null;
          log.info('the source is enabled: connecting to the MQTT broker');
          if (connected) client.reconnect();
          else client.connect();
        },
        (err: unknown) => log.warn({ err }, 'reading the OwnTracks MQTT source failed'),
      );
    }, RECHECK_MS);
  };
  if (!atStart.ok) pause(atStart.reason, false);
  client.handleMessage = (packet: IPublishPacket, done: (err?: Error) => void) => {
    handle(hub, sourceId, packet, log).then(
      () => done(),
      (err: unknown) => {
        if (err instanceof SourcePaused) pause(err.message, true);
        else {
          // Not acknowledged: drop the connection so that the broker delivers it again on reconnect.
          log.error(
            { err, topic: packet.topic },
            'storing an OwnTracks message failed; it will be delivered again',
          );
          client.stream.destroy();
        }
        done(err as Error);
      },
    );
  };
  client.on('connect', () => {
    client.options.reconnectPeriod = FIRST_RETRY_MS;
    log.info({ url: redact(settings.url), topics }, 'connected to the MQTT broker');
    // A resumed session keeps its subscriptions; subscribing again is harmless and covers a changed topic.
    client.subscribe(topics, { qos: 1 }, (err) => {
      if (err) log.error({ err }, 'subscribing failed');
    });
  });
  client.on('reconnect', () => {
    client.options.reconnectPeriod = Math.min(
      LAST_RETRY_MS,
      (client.options.reconnectPeriod ?? FIRST_RETRY_MS) * 2,
    );
  });
  client.on('error', (err) => {
    if (!(err instanceof SourcePaused)) log.warn({ err: err.message }, 'MQTT connection error');
  });
  return {
    connected: () => client.connected,
    stop: () => {
      // Paused, the client is ended or never connected: there is nothing to close.
      if (recheck) {
        clearInterval(recheck);
        recheck = null;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
    },
  };
}

async function handle(hub: HubContext, sourceId: number, packet: IPublishPacket, log: Logger) {
  const externalId = identityFromTopic(packet.topic);
  const text = packet.payload.toString('utf8');
  if (!externalId || !text.trim()) return;
  const now = await mqttSourceNow(hub, sourceId);
  if (!now.ok) throw new SourcePaused(now.reason);
  const receiver = now.receiver;
  try {
    const records = parseOwntracksMessage(JSON.parse(text), externalId);
    if (records.length) await commitRecords(hub.pipeline, records, receiver);
  } catch (err) {
    if (err instanceof ReceiverError || err instanceof SyntaxError) {
      log.warn({ topic: packet.topic, reason: err.message }, 'OwnTracks message refused');
      return;
    }
    throw err;
  }
}

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');
