/** The double-entry ledger: the only code that moves money (see README "Le grand livre"). */
export {
  findAccountTx,
  postOperation,
  type OperationInput,
  type Posted,
  type PostRefusal,
  type Published,
} from './post';
export { placeHold, releaseHold } from './holds';
export { openCustomerAccountTx, systemAccountTx, SYSTEM, type BankAccount } from './accounts';
export {
  runIdempotent,
  hashRequest,
  pruneIdempotencyKeys,
  IDEMPOTENCY_RETENTION_MS,
  type IdempotencyConflict,
} from './idempotency';
export { checkLedger, checkResult, countOf, type BusinessCheck, type LedgerCheck } from './check';
export { EUR, stockAsset } from './assets';
export * from './views';
