import { formatMoney, parseAmount } from '../../format';
import { isValidIban } from '../../iban';
import {
  LABEL_MAX_CHARS,
  MAX_AMOUNT_CENTS,
  PAYEE_NAME_MAX_CHARS,
} from '../../../src/transfers/limits';
import type { WhenErrors } from './schedule-fields';

/** The transfer form's fields as typed, and the checks made before the confirmation step. */
export type Draft = {
  fromAccountId: number;
  iban: string;
  name: string;
  amount: string;
  label: string;
};
export type Errors = Partial<
  Record<'toIban' | 'beneficiaryName' | 'amountCents' | 'label', string>
> &
  WhenErrors;

export { LABEL_MAX_CHARS, PAYEE_NAME_MAX_CHARS };

/** The amount in cents when it is one a transfer may move (0,01 € to 100 000,00 €), else null. */
export function transferAmount(typed: string): number | null {
  const cents = parseAmount(typed);
  return cents !== null && cents >= 1 && cents <= MAX_AMOUNT_CENTS ? cents : null;
}

export const AMOUNT_RANGE = `entre ${formatMoney(1)} et ${formatMoney(MAX_AMOUNT_CENTS)}`;

export function checkDraft(d: Draft): Errors {
  const errors: Errors = {};
  if (!isValidIban(d.iban))
    errors.toIban = 'Cet IBAN n’est pas valide : vérifiez-le caractère par caractère.';
  if (!d.name.trim()) errors.beneficiaryName = 'Indiquez le nom du bénéficiaire.';
  else if (d.name.trim().length > PAYEE_NAME_MAX_CHARS)
    errors.beneficiaryName = `${PAYEE_NAME_MAX_CHARS} caractères au plus.`;
  if (transferAmount(d.amount) === null)
    errors.amountCents = `Montant invalide : ${AMOUNT_RANGE}, par exemple 25,50.`;
  if (d.label.length > LABEL_MAX_CHARS) errors.label = `${LABEL_MAX_CHARS} caractères au plus.`;
  return errors;
}
