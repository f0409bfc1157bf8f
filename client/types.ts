// Shapes of the API, shared with the server (type-only imports: nothing of the server is bundled).
export type {
  UserSummary,
  MessageView,
  NewsView,
  NotificationView,
  ConversationView,
  ClientFrame,
  ServerFrame,
} from '../src/realtime/protocol';
export type { AccountView } from '../src/accounts/service';
import type { UserSummary } from '../src/realtime/protocol';

export type Me = UserSummary & { email: string; advisor: UserSummary | null };

export type ClientListItem = UserSummary & {
  email: string;
  /** Whether the client confirmed their e-mail address. */
  emailVerified: boolean;
  advisor: UserSummary | null;
  online: boolean;
};

// Money, as ../shared/API.md's "Money" section defines it (amounts in integer cents).
export type AccountType = 'checking' | 'savings';
export type Account = {
  id: number;
  iban: string;
  label: string;
  type: AccountType;
  balanceCents: number;
  availableCents: number;
  overdraftLimitCents: number;
  currency: string;
  rateBasisPoints?: number;
  createdAt: string;
  closedAt: string | null;
};
export type OperationKind = 'transfer' | 'deposit' | 'interest' | 'fee' | 'trade' | 'opening';
export type Operation = {
  id: number;
  kind: OperationKind;
  label: string;
  /** Signed: negative leaves the account. */
  amountCents: number;
  balanceAfterCents: number;
  counterparty: { name: string; iban: string } | null;
  createdAt: string;
};
export type AccountUpdated = { account: Account; operation: Operation };
export type Statement = {
  account: Account;
  month: string;
  openingBalanceCents: number;
  closingBalanceCents: number;
  operations: Operation[];
};
export type Transfer = {
  id: number;
  fromAccountId: number;
  toIban: string;
  amountCents: number;
  label: string;
  beneficiaryName: string;
  internal: boolean;
  createdAt: string;
};
export type PayeeCheck =
  { result: 'match' | 'no_match' | 'not_verifiable' } | { result: 'close_match'; name: string };
export type Beneficiary = {
  id: number;
  name: string;
  iban: string;
  verification: PayeeCheck['result'];
  createdAt: string;
};
