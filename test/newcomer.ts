/**
 * What API.md « Auth » asks at sign-up besides e-mail, password and name: every test
 * and bench that registers someone spreads it (an adult in Paris, terms accepted).
 */
export const NEWCOMER_PROFILE = {
  civility: 'madame',
  birthDate: '1990-04-12',
  address: { line1: '12 rue des Lilas', postalCode: '75011', city: 'Paris', country: 'FR' },
  phone: '06 12 34 56 78',
  acceptTerms: true,
} as const;
