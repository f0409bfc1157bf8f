import type { Platform } from '../platform';
import type { Published } from '../ledger';
import { pushNotification } from '../push/deliver';
import { issueTradeConfirmations } from '../documents/schedule';

/**
 * Hands a committed transaction's events to the hub, in order, and pushes the
 * notifications among them (Web Push, deferred) to their recipients.
 */
export function publishMarketEvents(p: Platform, published: readonly Published[] | undefined) {
  for (const e of published ?? []) {
    p.hub.publish(e.topic, e.event);
    if (e.event.type === 'notification' && e.topic.startsWith('user:'))
      p.defer(pushNotification(p, Number(e.topic.slice(5)), JSON.parse(e.event.json)));
  }
  if (published?.length) p.defer(issueTradeConfirmations(p, published)); // avis d'opéré
}
