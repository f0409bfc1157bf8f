// Shapes of the API, shared with the server (type-only imports: nothing of the server is bundled).
export type {
  UserSummary,
  MessageView,
  NewsView,
  NotificationView,
  ConversationView,
  ClientFrame,
  ServerFrame,
  AccountView,
  OperationView,
} from '../src/realtime/protocol';
export type { TransferView } from '../src/transfers/service';
export type { BeneficiaryView, PayeeVerification } from '../src/transfers/beneficiaries';
export type { LedgerCheck } from '../src/ledger/check';
import type { UserSummary } from '../src/realtime/protocol';

export type Me = UserSummary & {
  email: string;
  advisor: UserSummary | null;
  /** How many passkeys the user had when /api/me answered. */
  passkeys: number;
};

export type ClientListItem = UserSummary & {
  email: string;
  /** Whether the client confirmed their e-mail address. */
  emailVerified: boolean;
  advisor: UserSummary | null;
  online: boolean;
};
/** A row of the searched staff list and the client file: the sum of their open cash accounts, the last message of their conversation (issue 23). */
export type ClientRow = ClientListItem & { balanceCents: number; lastContactAt: string | null };
export type { StaffAlertView } from '../src/staff/alert-view';
export type { StaffNoteView } from '../src/staff/notes';

// Money, as ../shared/API.md's "Money" section defines it (amounts in integer cents).
import type { AccountView, OperationView, SseEventMap } from '../src/realtime/protocol';
import type { TransferView } from '../src/transfers/service';
import type { BeneficiaryView, PayeeVerification } from '../src/transfers/beneficiaries';
export type Account = AccountView;
export type AccountType = AccountView['type'];
export type Operation = OperationView;
export type AccountUpdated = SseEventMap['account.updated'];
export type Statement = {
  account: Account;
  month: string;
  openingBalanceCents: number;
  closingBalanceCents: number;
  operations: Operation[];
};
export type Transfer = TransferView;
export type PayeeCheck = PayeeVerification;
export type Beneficiary = BeneficiaryView;
export type { ScheduledView, ScheduleInput } from '../src/transfers/scheduled';
export type { Frequency } from '../src/transfers/schema';
