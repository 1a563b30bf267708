/** The storage contract suite; the tests live in `contract/`, split by area. */
export { describeStorageContract } from './contract/describe.ts';
