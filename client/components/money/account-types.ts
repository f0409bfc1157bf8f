import type { AccountType } from '../../types';

export const ACCOUNT_TYPES: Record<AccountType, string> = {
  checking: 'Compte courant',
  savings: 'Livret Avenir',
};
