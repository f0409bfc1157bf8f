/** French IBANs (ISO 13616): FR + check digits + BBAN (bank, branch, account number, RIB key). */

const BANK_CODE = '30077'; // fictional code for AVENIR
const BRANCH_CODE = '00001';

/** Letters count as 10…35 (A…Z), as both the IBAN and the RIB key define them. */
const digitsOf = (s: string) =>
  s.toUpperCase().replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));

const mod97 = (digits: string) => Number(BigInt(digits) % 97n);

/** The RIB key: 97 − ((89·bank + 15·branch + 3·account) mod 97), letters mapped to digits 1–9. */
function ribKey(bank: string, branch: string, account: string): string {
  const ribDigits = (s: string) =>
    s
      .toUpperCase()
      .replace(/[A-Z]/g, (ch) => String(((ch.charCodeAt(0) - 65) % 9) + 1 + (ch >= 'S' ? 1 : 0)));
  const sum =
    89n * BigInt(ribDigits(bank)) +
    15n * BigInt(ribDigits(branch)) +
    3n * BigInt(ribDigits(account));
  return String(97n - (sum % 97n)).padStart(2, '0');
}

export function ibanCheckDigits(country: string, bban: string): string {
  return String(98 - mod97(digitsOf(bban + country + '00'))).padStart(2, '0');
}

export function isValidIban(iban: string): boolean {
  const s = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  return mod97(digitsOf(s.slice(4) + s.slice(0, 4))) === 1;
}

/** A unique French IBAN for an account number (11 digits, from a sequence). */
export function frenchIban(accountNumber: number): string {
  const account = String(accountNumber).padStart(11, '0');
  const bban = BANK_CODE + BRANCH_CODE + account + ribKey(BANK_CODE, BRANCH_CODE, account);
  return 'FR' + ibanCheckDigits('FR', bban) + bban;
}

export function formatIban(iban: string): string {
  return iban.replace(/(.{4})/g, '$1 ').trim();
}
