import { SAMPLE_ROUTES, walkRoute, type RouteWalk } from '../../../lib/route-walk.ts';
import type { RunningSandbox, SandboxOptions, VendorSandbox } from '../../vendor.ts';
import { FEED_PATH } from '../connector/settings.ts';
import type { SpotMessage } from '../spot-message.ts';
import { FakeSpotCloud, SPOT_LIMITS } from './fake-spot-cloud.ts';

const MINUTE = 60_000;
/** A SPOT messenger in tracking mode sends a TRACK message every 5 minutes (its default interval). */
const TRACK_EVERY_MS = 5 * MINUTE;
export const SANDBOX_FEED = '0SandboxFeedTrackwayDemo';

interface Messenger {
  id: string;
  name: string;
  model: string;
  walk: RouteWalk;
  sent: number;
}

/**
 * Messengers sharing one feed, moving along the sample routes: a hiker and an expedition vehicle whose third
 * message from the end of the history is an SOS (HELP), so that a client sees one on its first page.
 */
export async function startSpotSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const { speedUp } = options;
  // The document's etiquette, run `speedUp` times faster: 150 s per feed, 2 s between requests, a long block.
  const limits = {
    feedMs: SPOT_LIMITS.feedMs / speedUp,
    spacingMs: SPOT_LIMITS.spacingMs / speedUp,
    blockMs: SPOT_LIMITS.blockMs / speedUp,
  };
  const cloud = new FakeSpotCloud(Date.now, limits);
  const messengers: Messenger[] = [
    messenger('0-2001001', 'Trail runner', 'SPOTGEN4', walkRoute(SAMPLE_ROUTES.walk, 2.5)),
    messenger('0-2001002', 'Expedition truck', 'SPOTX', walkRoute(SAMPLE_ROUTES.drive, 9, 2_000)),
  ];
  const messages: SpotMessage[] = [];
  let nextId = 1_800_000_000;
  const send = (m: Messenger, at: number, type: string, content: string | null = null) => {
    const where = m.walk.at(m.sent++ * TRACK_EVERY_MS);
    messages.unshift({
      id: String(nextId++),
      messengerId: m.id,
      messengerName: m.name,
      unixTime: Math.floor(at / 1000),
      messageType: type,
      latitude: round5(where.lat),
      longitude: round5(where.lon),
      modelId: m.model,
      showCustomMsg: 'Y',
      dateTime: new Date(at).toISOString().replace(/\.\d+Z$/, '+0000'),
      batteryState: 'GOOD',
      hidden: 0,
      altitude: 150,
      messageContent: content,
      clientUnixTime: '0',
    });
  };
  // An hour of history, one message per messenger every 5 minutes of the feed's time.
  const now = Date.now();
  const step = TRACK_EVERY_MS / speedUp;
  for (let i = 12; i > 0; i--) {
    for (const m of messengers) {
      const sos = m === messengers[1] && i === 3;
      send(m, now - i * step, sos ? 'HELP' : 'TRACK', sos ? 'Stuck on the ridge road, need help' : null);
    }
  }
  cloud.setFeed(SANDBOX_FEED, { messages });
  const url = await cloud.start(options.port);
  const timer = setInterval(() => messengers.forEach((m) => send(m, Date.now(), 'TRACK')), step);
  const feed = `${url}${FEED_PATH}/${SANDBOX_FEED}`;
  return {
    url,
    howToConnect: [
      `Feed id: ${SANDBOX_FEED} (no feed password); base URL ${url}`,
      `Limits: ${limits.feedMs / 1000} s between two requests of one feed, ${limits.spacingMs / 1000} s between ` +
        `any two requests; a request too early answers 403 and blocks every request for ${limits.blockMs / MINUTE} min`,
      `Pages of 50 messages, newest first: add start=51, start=101…; messengers send a TRACK message every ` +
        `${step / 1000} s`,
      `Try: curl '${feed}/message.json'`,
      `A Trackway source: vendor "spot", settings {"feedId":"${SANDBOX_FEED}","baseUrl":"${url}"}`,
    ],
    sourceSettings: { feedId: SANDBOX_FEED, baseUrl: url },
    async stop() {
      clearInterval(timer);
      await cloud.close();
    },
  };
}

function messenger(id: string, name: string, model: string, walk: RouteWalk): Messenger {
  return { id, name, model, walk, sent: 0 };
}

const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

export const spotSandbox: VendorSandbox = { title: 'SPOT public feed API', start: startSpotSandbox };
