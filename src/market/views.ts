import type { CancelReason, Order, Stock } from './schema';

/** API.md « Stocks ». */
export type StockView = {
  id: number;
  symbol: string;
  name: string;
  lastPriceCents: number;
  previousCloseCents: number;
  bestBidCents: number | null;
  bestAskCents: number | null;
  volume: number;
  listed: boolean;
  phase: 'continuous' | 'auction';
  referencePriceCents: number;
  auctionEndsAt: string | null;
  indicativePriceCents: number | null;
  indicativeQuantity: number;
};

/** API.md « Orders and portfolio ». */
export type OrderView = {
  id: number;
  stockId: number;
  symbol?: string;
  side: 'buy' | 'sell';
  type: 'limit' | 'market';
  quantity: number;
  remainingQuantity: number;
  filledQuantity: number;
  averagePriceCents: number | null;
  feeCents: number;
  limitPriceCents: number | null;
  status: 'open' | 'filled' | 'cancelled';
  cancelReason: CancelReason | null;
  accountId: number;
  createdAt: string;
  updatedAt: string;
};

export type TradeView = { priceCents: number; quantity: number; at: string };
export type BookLevel = { priceCents: number; quantity: number };

/** SSE `market.phase` (API.md « Trading phases »). */
export type PhaseView = {
  stockId: number;
  phase: 'continuous' | 'auction';
  auctionEndsAt: string | null;
  indicativePriceCents: number | null;
  indicativeQuantity: number;
};

export function toOrderView(o: Order, symbol?: string): OrderView {
  const filled = o.quantity - o.remaining;
  return {
    id: o.id,
    stockId: o.stockId,
    ...(symbol ? { symbol } : {}),
    side: o.side,
    type: o.type,
    quantity: o.quantity,
    remainingQuantity: o.remaining,
    filledQuantity: filled,
    // Rounded to the cent: the fills' own prices are in the order's detail.
    averagePriceCents: filled > 0 ? Math.round(o.filledCents / filled) : null,
    feeCents: o.feePaid,
    limitPriceCents: o.limitPrice,
    status: o.status,
    cancelReason: o.cancelReason ?? null,
    accountId: o.accountId,
    createdAt: o.createdAt.toISOString(),
    updatedAt: (o.updatedAt ?? o.createdAt).toISOString(),
  };
}

export type { Stock, Order };
