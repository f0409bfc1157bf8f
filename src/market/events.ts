/** The market's and the Livret's SSE events (shared with the client, type-only). */
import type { OrderView, PhaseView } from './views';

export type MarketSseEventMap = {
  'market.trade': { stockId: number; priceCents: number; quantity: number; at: string };
  'order.updated': { order: OrderView };
  'market.phase': PhaseView;
  'savings.rate': { rateBasisPoints: number; since: string };
};

export const MARKET_SSE_EVENTS = [
  'market.trade',
  'market.phase',
  'order.updated',
  'savings.rate',
] as const;
