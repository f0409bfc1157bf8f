/**
 * The market and the Livret as the client sees them: stocks, one stock's book
 * and trades, the caller's orders and portfolio, the savings rate. Live: a
 * trade refreshes the list and the open stock, an order update the orders and
 * the portfolio, a rate change the rate. Components read the signals and call
 * the actions; nothing here renders. One per tab, made by createAppState and
 * reached through useAppState().market.
 */
import { computed, signal } from '@preact/signals';
import { api, ApiError } from '../api';
import { ok, rpc } from '../rpc';
import type { EventStream } from './event-stream';
import type { StockView, OrderView, BookLevel, TradeView, PhaseView } from '../../src/market/views';
import { BAND_PERCENT, ORDER_FEE_CENTS } from '../../src/market/engine';
import type { Position } from '../../src/market/portfolio';
import type { AccountView } from '../types';

export type { StockView, OrderView, BookLevel, TradeView, Position };
export { BAND_PERCENT, ORDER_FEE_CENTS };
export type OrderDetail = { order: OrderView; fills: TradeView[] };
export type StockDetail = {
  stock: StockView;
  book: { bids: BookLevel[]; asks: BookLevel[] };
  trades: TradeView[];
};
export type Portfolio = { positions: Position[]; totalValueCents: number };
export type Rate = { rateBasisPoints: number; since: string };
export type OrderDraft = {
  stockId: number;
  side: 'buy' | 'sell';
  type: 'limit' | 'market';
  quantity: number;
  limitPriceCents?: number;
  accountId: number;
};

export type MarketSummary = { volumeToday: number; feesTodayCents: number; feesCents: number };

export function createMarket(deps: { stream: EventStream }) {
  const stockList = signal<StockView[] | null>(null);
  const detail = signal<StockDetail | null>(null);
  const myOrders = signal<OrderView[] | null>(null);
  const myPortfolio = signal<Portfolio | null>(null);
  const rate = signal<Rate | null>(null);
  const rateItems = signal<Rate[] | null>(null);
  const interest = signal<{
    year: number;
    items: { accountId: number; interestCents: number }[];
  } | null>(null);
  const cashAccounts = signal<AccountView[] | null>(null);
  const failed = signal(false);

  const stocks = computed(() => stockList.value);
  const stockDetail = computed(() => detail.value);
  const orders = computed(() => myOrders.value);
  const portfolio = computed(() => myPortfolio.value);
  const savingsRate = computed(() => rate.value);
  const rateHistory = computed(() => rateItems.value);
  const interestThisYear = computed(() => interest.value);
  const marketFailed = computed(() => failed.value);
  /** The accounts an order may settle on: open checking accounts. */
  const checkingAccounts = computed(
    () => cashAccounts.value?.filter((a) => a.type === 'checking' && !a.closedAt) ?? null,
  );
  const savingsAccounts = computed(
    () => cashAccounts.value?.filter((a) => a.type === 'savings' && !a.closedAt) ?? null,
  );

  async function load<T>(target: { value: T }, path: string, pick: (body: any) => T) {
    try {
      target.value = pick(await api.get(path));
      failed.value = false;
    } catch {
      failed.value = true;
    }
  }

  const loadStocks = () => load(stockList, '/api/market/stocks', (b) => b.items);
  const loadOrders = () => load(myOrders, '/api/orders?status=all', (b) => b.items);
  const loadPortfolio = () => load(myPortfolio, '/api/portfolio', (b) => b);
  const loadCashAccounts = () => load(cashAccounts, '/api/accounts', (b) => b.items);
  async function loadSavings() {
    await Promise.all([
      load(rate, '/api/savings/rate', (b) => b),
      load(rateItems, '/api/savings/rates', (b) => b.items),
      load(interest, '/api/savings/interest', (b) => b),
    ]);
  }

  let openStockId: number | null = null;
  async function openStock(id: number | null) {
    openStockId = id;
    if (id === null) return void (detail.value = null);
    if (detail.value?.stock.id !== id) detail.value = null;
    try {
      const d = await api.get<StockDetail>(`/api/market/stocks/${id}`);
      if (openStockId === id) detail.value = d;
    } catch (e) {
      if (openStockId === id) failed.value = !(e instanceof ApiError && e.status === 404);
      if (e instanceof ApiError && e.status === 404) detail.value = null;
    }
  }

  /** One order with its fills (« Mes ordres », opened on demand). */
  const loadOrderDetail = (id: number) => api.get<OrderDetail>(`/api/orders/${id}`);

  /** A stock's phase changed, or its auction's indicative price moved: patch what is shown. */
  function applyPhase(p: PhaseView) {
    const patch = (s: StockView): StockView => {
      if (s.id !== p.stockId) return s;
      const { stockId: _, ...phase } = p;
      return { ...s, ...phase };
    };
    if (stockList.value) stockList.value = stockList.value.map(patch);
    const d = detail.value;
    if (d?.stock.id === p.stockId) {
      detail.value = { ...d, stock: patch(d.stock) };
      // The book changed (an auction's orders) or the uncross traded: read it again.
      void openStock(p.stockId);
    }
  }

  /** Every try of one order keeps its Idempotency-Key, so a retry after a lost answer places it once. */
  let pending: { body: string; key: string } | null = null;
  async function placeOrder(draft: OrderDraft): Promise<OrderView> {
    const body = JSON.stringify(draft);
    if (pending?.body !== body) pending = { body, key: crypto.randomUUID() };
    const headers = { 'Idempotency-Key': pending.key };
    const res = await ok(rpc.orders.$post({ json: draft }, { headers }));
    pending = null;
    await Promise.all([
      loadOrders(),
      loadPortfolio(),
      loadCashAccounts(),
      openStock(draft.stockId),
    ]);
    return res.order;
  }

  async function cancelOrder(id: number) {
    const res = await ok(rpc.orders[':id'].$delete({ param: { id: String(id) } }));
    merge(res.order);
    await loadCashAccounts();
  }

  function merge(o: OrderView) {
    const list = myOrders.value;
    if (!list) return;
    const at = list.findIndex((x) => x.id === o.id);
    const symbol = o.symbol ?? list[at]?.symbol;
    myOrders.value =
      at < 0
        ? [{ ...o, symbol }, ...list]
        : list.map((x) => (x.id === o.id ? { ...o, symbol } : x));
  }

  // Director: set the rate; list and edit stocks.
  async function setRate(rateBasisPoints: number) {
    const r = await api.put<Rate>('/api/savings/rate', { rateBasisPoints });
    rate.value = r;
    await loadSavings();
  }
  async function listStock(input: {
    symbol: string;
    name: string;
    ipoPriceCents: number;
    shares: number;
  }) {
    await api.post('/api/market/stocks', input);
    await loadStocks();
  }
  async function editStock(id: number, changes: { name?: string; listed?: boolean }) {
    await api.patch(`/api/market/stocks/${id}`, changes);
    await loadStocks();
  }
  async function deleteStock(id: number) {
    await api.delete(`/api/market/stocks/${id}`);
    await loadStocks();
  }

  /** The director's figures of the day (GET /api/market/summary). */
  const summary = signal<MarketSummary | null>(null);
  const marketSummary = computed(() => summary.value);
  const loadMarketSummary = () => load(summary, '/api/market/summary', (b) => b);

  // Advisor: a client's portfolio, read-only.
  const clientPortfolios = signal<Record<number, Portfolio | 'failed'>>({});
  const clientPortfolio = computed(() => clientPortfolios.value);
  async function loadClientPortfolio(clientId: number) {
    try {
      const p = await api.get<Portfolio>(`/api/clients/${clientId}/portfolio`);
      clientPortfolios.value = { ...clientPortfolios.value, [clientId]: p };
    } catch {
      clientPortfolios.value = { ...clientPortfolios.value, [clientId]: 'failed' };
    }
  }

  const undo = [
    deps.stream.on('market.trade', (t) => {
      if (stockList.value) void loadStocks();
      if (openStockId === t.stockId) void openStock(t.stockId);
      if (myPortfolio.value?.positions.some((p) => p.stock.id === t.stockId)) void loadPortfolio();
    }),
    deps.stream.on('market.phase', applyPhase),
    deps.stream.on('market.trade', () => {
      if (summary.value) void loadMarketSummary();
    }),
    deps.stream.on('order.updated', ({ order }) => {
      merge(order);
      void loadPortfolio();
      void loadCashAccounts();
    }),
    deps.stream.on('account.updated', () => {
      if (cashAccounts.value) void loadCashAccounts();
    }),
    deps.stream.on('savings.rate', (r) => {
      rate.value = r;
      if (rateItems.value) rateItems.value = [r, ...rateItems.value];
    }),
    deps.stream.onResync(() => {
      if (stockList.value) void loadStocks();
      if (openStockId !== null) void openStock(openStockId);
      if (myOrders.value) void loadOrders();
      if (myPortfolio.value) void loadPortfolio();
      if (rate.value) void loadSavings();
    }),
  ];

  return {
    stocks,
    stockDetail,
    orders,
    portfolio,
    savingsRate,
    rateHistory,
    interestThisYear,
    marketFailed,
    checkingAccounts,
    savingsAccounts,
    loadStocks,
    loadOrders,
    loadPortfolio,
    loadCashAccounts,
    loadSavings,
    openStock,
    loadOrderDetail,
    placeOrder,
    cancelOrder,
    setRate,
    listStock,
    editStock,
    deleteStock,
    marketSummary,
    loadMarketSummary,
    clientPortfolio,
    loadClientPortfolio,
    dispose: () => undo.forEach((fn) => fn()),
  };
}
export type Market = ReturnType<typeof createMarket>;
