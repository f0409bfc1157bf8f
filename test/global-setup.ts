// @ts-expect-error plain ESM helper shared with `npm start`
import { buildClientIfStale } from '../scripts/client-build.mjs';

/** The contract suite checks that the host serves the built client: build it if it is missing or stale. */
export default async function setup() {
  await buildClientIfStale();
}
