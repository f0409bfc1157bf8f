// Test support: an app whose Web Push goes to a local HTTPS push service.
import { startTestApp } from '../../test/harness';
import { createWebPushSender } from './web-push-sender';
import { startLocalPushService } from './testing/push-service';

/** The push service, then the app allowed to push to it, with the host's sender trusting its certificate. */
export async function startPushApp() {
  const push = await startLocalPushService();
  const app = await startTestApp({ PUSH_ALLOWED_ORIGINS: push.origin });
  // NODE_EXTRA_CA_CERTS would do the same process-wide.
  app.platform.push = createWebPushSender({ agent: push.agent });
  return { push, app };
}
