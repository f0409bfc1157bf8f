import type { Order, Stock } from './schema';

/** API.md "Stocks". */
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
};

/** API.md "Orders and portfolio". */
export type OrderView = {
  id: number;
  stockId: number;
  side: 'buy' | 'sell';
  type: 'limit' | 'market';
  quantity: number;
  remainingQuantity: number;
  limitPriceCents: number | null;
  status: 'open' | 'filled' | 'cancelled';
  accountId: number;
  createdAt: string;
  /** Additions: the stock's symbol and the fee charged so far (cents). */
  symbol?: string;
  feeCents: number;
};

export type TradeView = { priceCents: number; quantity: number; at: string };
export type BookLevel = { priceCents: number; quantity: number };

export function toOrderView(o: Order, symbol?: string): OrderView {
  return {
    id: o.id,
    stockId: o.stockId,
    side: o.side,
    type: o.type,
    quantity: o.quantity,
    remainingQuantity: o.remaining,
    limitPriceCents: o.limitPrice,
    status: o.status,
    accountId: o.accountId,
    createdAt: o.createdAt.toISOString(),
    ...(symbol ? { symbol } : {}),
    feeCents: o.feePaid,
  };
}

export type { Stock, Order };
