import { sampleFolder } from '../../../lib/testing/shared-data.ts';

/** Real SPOT responses (`../shared/data/spot`); the tests that need them skip, loudly, when they are absent. */
const spot = sampleFolder('spot');

export const samplesMissing = !spot.present;
export const readSample = spot.read;
