/** The market's and the Livret's SSE events (shared with the client, type-only). */
import type { OrderView } from './views';

export type MarketSseEventMap = {
  'market.trade': { stockId: number; priceCents: number; quantity: number; at: string };
  'order.updated': { order: OrderView };
  'savings.rate': { rateBasisPoints: number; since: string };
};

export const MARKET_SSE_EVENTS = ['market.trade', 'order.updated', 'savings.rate'] as const;
