/**
 * IBANs (ISO 13616), the one module for the server and the client (runtime-free:
 * Vite bundles it): AVENIR's French IBANs (FR + check digits + BBAN: bank, branch,
 * account number, RIB key), and the rules every IBAN people type goes through.
 */

export const AVENIR_BANK_CODE = '30077'; // fictional code for AVENIR
const BANK_CODE = AVENIR_BANK_CODE;
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

/**
 * An IBAN as typed → its compact upper-case form. Only white space goes (spaces,
 * tabs, no-break spaces: how IBANs are printed and pasted); anything else stays
 * and makes the IBAN invalid, on the client as on the server.
 */
export const compactIban = (iban: string) => iban.replace(/\s+/g, '').toUpperCase();

/** Grouped by four for reading (« FR76 3007 7000 … »), whatever the spacing typed. */
export const groupIban = (iban: string) => compactIban(iban).replace(/(.{4})(?=.)/g, '$1 ');

/** An AVENIR IBAN (France, bank code 30077), spaced or not. */
export const isAvenirIban = (iban: string) => /^FR\d{2}30077/.test(compactIban(iban));

/** The longest IBAN input accepted, spaces included (34 characters grouped by four is 42). */
export const MAX_IBAN_INPUT_CHARS = 64;

/** Format and mod-97 checksum, spaced or not, any case, at most MAX_IBAN_INPUT_CHARS long. */
export function isValidIban(iban: string): boolean {
  if (iban.length > MAX_IBAN_INPUT_CHARS) return false;
  const s = compactIban(iban);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  return mod97(digitsOf(s.slice(4) + s.slice(0, 4))) === 1;
}

/** An AVENIR IBAN for an account number (11 digits). */
export function frenchIban(accountNumber: number): string {
  const account = String(accountNumber).padStart(11, '0');
  const bban = BANK_CODE + BRANCH_CODE + account + ribKey(BANK_CODE, BRANCH_CODE, account);
  return 'FR' + ibanCheckDigits('FR', bban) + bban;
}

const ACCOUNT_NUMBERS = 100_000_000_000; // 11 digits

/**
 * An account number drawn at random (uniformly, from the platform's CSPRNG), so
 * that an IBAN says nothing of how many accounts exist or when one was opened.
 */
export function randomAccountNumber(): number {
  for (;;) {
    const [hi, lo] = crypto.getRandomValues(new Uint32Array(2));
    const n = (hi & 0x1f) * 2 ** 32 + lo; // 37 bits; redrawn above 10^11, so no bias
    if (n < ACCOUNT_NUMBERS) return n;
  }
}
