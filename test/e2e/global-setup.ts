import { findChromium, INSTALL_HINT } from './browser';
// @ts-expect-error plain ESM helper shared with `npm start`
import { buildClientIfStale } from '../../scripts/client-build.mjs';

/** Fails at once without a browser; builds the client the tests will load. */
export default async function setup() {
  if (!findChromium()) {
    throw new Error(
      `Chromium est introuvable : les tests navigateur en ont besoin.\nInstallez-le avec :\n  ${INSTALL_HINT}`,
    );
  }
  await buildClientIfStale();
}
