/** What one-off and scheduled transfer routes share: the answers to refusals. */
import type { TransferRefusal } from './service';

/** The contract's answer to each refusal of a transfer. */
export const TRANSFER_REFUSALS: Record<
  TransferRefusal,
  [status: 400 | 404 | 409, code: string, message?: string, fields?: Record<string, string>]
> = {
  not_found: [404, 'not_found'],
  account_closed: [409, 'account_closed', 'Ce compte est clôturé.'],
  same_account: [
    400,
    'validation_failed',
    undefined,
    { toIban: 'Le compte destinataire est le compte débité.' },
  ],
  unknown_avenir_iban: [
    400,
    'validation_failed',
    undefined,
    { toIban: 'Aucun compte AVENIR ne porte cet IBAN.' },
  ],
  target_closed: [409, 'account_closed', 'Le compte destinataire est clôturé.'],
  savings_restricted: [
    409,
    'savings_restricted',
    'Un livret ne peut virer que vers vos propres comptes.',
  ],
  insufficient_funds: [409, 'insufficient_funds', 'Solde disponible insuffisant.'],
  idempotency_conflict: [409, 'idempotency_conflict'],
};
