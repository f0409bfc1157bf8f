import { parseAmount } from '../../format';
import { isValidIban } from '../../iban';
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

const MAX_CENTS = 10_000_000;

export function checkDraft(d: Draft): Errors {
  const errors: Errors = {};
  if (!isValidIban(d.iban))
    errors.toIban = 'Cet IBAN n’est pas valide : vérifiez-le caractère par caractère.';
  if (!d.name.trim()) errors.beneficiaryName = 'Indiquez le nom du bénéficiaire.';
  else if (d.name.trim().length > 70) errors.beneficiaryName = '70 caractères au plus.';
  const cents = parseAmount(d.amount);
  if (cents === null || cents < 1 || cents > MAX_CENTS)
    errors.amountCents = 'Montant invalide : entre 0,01 € et 100 000,00 €, par exemple 25,50.';
  if (d.label.length > 140) errors.label = '140 caractères au plus.';
  return errors;
}
