import type { HubContext } from '../../../api/context.ts';

/** What the facade works with: storage, and derivation's cache of places to clear when places change. */
export type FacadeHub = Pick<HubContext, 'storage' | 'derived'>;
