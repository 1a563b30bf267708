import type { Connector, PageResult } from '../../../ingest/connector.ts';
import { createHttpFetch } from '../../../ingest/http.ts';
import { pullSource } from '../../../ingest/testing/pull-source.ts';
import type { Source } from '../../../model/records.ts';

/** A GPS365 pull source as stored, for calling a connector directly. */
export const gps365Source = (settings: Record<string, unknown>): Source => pullSource('gps365', settings);

/** Calls a connector page after page as the runtime would, keeping its cursor; pages are kept for checks. */
export class ConnectorDriver {
  cursor: string | null = null;
  readonly pages: PageResult[] = [];
  private readonly fetch = createHttpFetch(10_000);

  constructor(
    private readonly connector: Connector,
    private readonly source: Source,
  ) {}

  async page(): Promise<PageResult> {
    const page = await this.connector.fetchPage({
      source: this.source,
      cursor: this.cursor,
      fetch: this.fetch,
    });
    this.cursor = page.cursor;
    this.pages.push(page);
    return page;
  }

  /** Pages while the connector has more ready, up to `max`; returns the last page. */
  async run(max = 1000): Promise<PageResult> {
    for (let i = 0; i < max; i++) {
      const page = await this.page();
      if (!page.more) return page;
    }
    throw new Error(`still more after ${max} pages`);
  }

  get records() {
    return this.pages.flatMap((p) => p.records);
  }
}
