import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { bankAccounts } from '../accounts/schema';
import { users } from '../users/schema';
import { holds, operations } from '../ledger/schema';
import { createdAt } from '../db/columns';

export const STOCK_PHASES = ['continuous', 'auction'] as const;

/**
 * A stock listed by the director. Its shares are a ledger asset (stockAsset(id));
 * its price is never set by anyone: it is the last trade's (the IPO price before any).
 */
export const stocks = sqliteTable('stocks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  symbol: text('symbol').notNull().unique(),
  name: text('name').notNull(),
  ipoPrice: integer('ipo_price').notNull(),
  /** Cache of the last trade's price (the IPO price before any trade). */
  lastPrice: integer('last_price').notNull(),
  listed: integer('listed', { mode: 'boolean' }).notNull().default(true),
  /** `continuous`, or `auction` until `auctionEndsAt` (a volatility auction). */
  phase: text('phase', { enum: STOCK_PHASES }).notNull().default('continuous'),
  auctionEndsAt: integer('auction_ends_at', { mode: 'timestamp_ms' }),
  /**
   * The reference price of the Paris day `referenceDay` (YYYY-MM-DD): the last
   * auction's price that day, or the last trade before it. On another day the
   * reference is `lastPrice` (rolled over by the first order of the day).
   */
  referencePrice: integer('reference_price').notNull().default(0),
  referenceDay: text('reference_day').notNull().default(''),
  /** Deleted stocks keep their history (trades, postings) but are gone from every list. */
  deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
});

export const ORDER_SIDES = ['buy', 'sell'] as const;
export const ORDER_TYPES = ['limit', 'market'] as const;
export const ORDER_STATUSES = ['open', 'filled', 'cancelled'] as const;
export const CANCEL_REASONS = ['user', 'self_trade', 'market_remainder', 'unsettleable'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/**
 * An order on the book. `userId` null is the bank itself (the IPO's offer, no fee).
 * Its reservation is `holdId` (cash for a buy: remaining × limit + the unpaid fee;
 * shares for a sell) and, for a client's sell, `feeHoldId` (the 1 € fee on the cash account).
 */
export const orders = sqliteTable(
  'orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').references(() => users.id),
    stockId: integer('stock_id')
      .notNull()
      .references(() => stocks.id),
    side: text('side', { enum: ORDER_SIDES }).notNull(),
    type: text('type', { enum: ORDER_TYPES }).notNull(),
    quantity: integer('quantity').notNull(),
    remaining: integer('remaining').notNull(),
    limitPrice: integer('limit_price'),
    status: text('status', { enum: ORDER_STATUSES }).notNull(),
    cancelReason: text('cancel_reason', { enum: CANCEL_REASONS }),
    /** The cash account that pays or receives. */
    accountId: integer('account_id')
      .notNull()
      .references(() => bankAccounts.id),
    /** The securities position that receives or delivers the shares. */
    positionId: integer('position_id')
      .notNull()
      .references(() => bankAccounts.id),
    holdId: integer('hold_id').references(() => holds.id),
    feeHoldId: integer('fee_hold_id').references(() => holds.id),
    /** Fee charged on this order (0 until its first fill; 100 after, 0 for the bank). */
    feePaid: integer('fee_paid').notNull().default(0),
    /** Sum of price × quantity over its fills (the average price's numerator). */
    filledCents: integer('filled_cents').notNull().default(0),
    createdAt: createdAt(),
    /** Last change (fill or cancel); null on rows older than the column: read as createdAt. */
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('orders_book_idx').on(t.stockId, t.status, t.side, t.limitPrice, t.id),
    index('orders_user_idx').on(t.userId, t.id),
  ],
);

/** One execution between a buy and a sell, moved by one ledger operation. */
export const trades = sqliteTable(
  'trades',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    stockId: integer('stock_id')
      .notNull()
      .references(() => stocks.id),
    price: integer('price').notNull(),
    quantity: integer('quantity').notNull(),
    buyOrderId: integer('buy_order_id')
      .notNull()
      .references(() => orders.id),
    sellOrderId: integer('sell_order_id')
      .notNull()
      .references(() => orders.id),
    operationId: integer('operation_id')
      .notNull()
      .references(() => operations.id),
    createdAt: createdAt(),
  },
  (t) => [index('trades_stock_idx').on(t.stockId, t.id)],
);

export type Stock = typeof stocks.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type Trade = typeof trades.$inferSelect;
