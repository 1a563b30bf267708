import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { HubContext } from '../../api/context.ts';
import type { Config } from '../../config/config.ts';
import { commitRecords } from '../commit-one.ts';
import { ReceiverError } from '../receiver-error.ts';
import type { ReceiverSource } from '../source-auth.ts';
import { identityFromTopic, OWNTRACKS_VENDOR, parseOwntracksMessage } from './parse-message.ts';

const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 60_000;

export interface OwntracksSubscriber {
  stop(): Promise<void>;
}

/**
 * OwnTracks over MQTT: subscribes with QoS 1 in a persistent session and acknowledges each message only after its
 * records are committed, so that the broker keeps what was not stored and delivers it again after a fault or a
 * restart. Unreadable messages are acknowledged and logged (sending them again would not make them readable).
 * Reconnects with a doubling delay, up to a minute.
 */
export async function startOwntracksMqtt(
  hub: HubContext,
  logger: Logger,
  settings: NonNullable<Config['owntracksMqtt']>,
): Promise<OwntracksSubscriber> {
  const log = logger.child({ receiver: 'owntracks-mqtt' });
  const receiver = await mqttSource(hub, settings.sourceId);
  const topics = settings.topic
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const client: MqttClient = mqtt.connect(settings.url, {
    // A stable client id and clean: false keep the session, and with it the unacknowledged messages, on the broker.
    clientId: `trackway-owntracks-${receiver.source.id}`,
    clean: false,
    reconnectPeriod: FIRST_RETRY_MS,
    connectTimeout: 10_000,
  });
  client.handleMessage = (packet: IPublishPacket, done: (err?: Error) => void) => {
    handle(hub, receiver, packet, log).then(
      () => done(),
      (err: unknown) => {
        // Not acknowledged: drop the connection so that the broker delivers it again on reconnect.
        log.error(
          { err, topic: packet.topic },
          'storing an OwnTracks message failed; it will be delivered again',
        );
        client.stream.destroy();
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
  client.on('error', (err) => log.warn({ err: err.message }, 'MQTT connection error'));
  return {
    stop: () => new Promise<void>((resolve) => client.end(false, {}, () => resolve())),
  };
}

async function handle(hub: HubContext, receiver: ReceiverSource, packet: IPublishPacket, log: Logger) {
  const externalId = identityFromTopic(packet.topic);
  const text = packet.payload.toString('utf8');
  if (!externalId || !text.trim()) return;
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

async function mqttSource(hub: HubContext, sourceId: number): Promise<ReceiverSource> {
  const source = await hub.storage.getSource(sourceId);
  if (!source || source.vendor !== OWNTRACKS_VENDOR || source.kind !== 'push') {
    throw new Error(`TRACKWAY_OWNTRACKS_MQTT_SOURCE: ${sourceId} is not an owntracks push source`);
  }
  const group = await hub.storage.getGroup(source.groupId);
  if (!group) throw new Error(`TRACKWAY_OWNTRACKS_MQTT_SOURCE: source ${sourceId} has no group`);
  return { source, group };
}

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');
