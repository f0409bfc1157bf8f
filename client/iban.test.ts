/**
 * One IBAN rule on both sides: what the transfer form lets through is what the
 * server's validator accepts, however the IBAN is spaced, cased or punctuated.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { frenchIban } from '../src/accounts/iban';
import { transferSchema } from '../src/transfers/routes';
import { checkDraft } from './components/money/transfer-draft';
import { compactIban, formatIbanInput, isValidIban } from './iban';

const clientAccepts = (iban: string) =>
  checkDraft({ fromAccountId: 1, iban, name: 'Léa Dubois', amount: '10', label: '' }).toIban ===
  undefined;
const serverAccepts = (iban: string) =>
  transferSchema.safeParse({
    fromAccountId: 1,
    toIban: iban,
    amountCents: 1000,
    beneficiaryName: 'Léa',
  }).success;

const SEPARATORS = [' ', '\u00a0', '\t', '  ', '-', '.', '/', '_'];
/** A valid IBAN as someone might type or paste it: any case, separators anywhere. */
const typedIban = fc
  .tuple(
    fc.integer({ min: 0, max: 99_999_999_999 }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...SEPARATORS)), { maxLength: 12 }),
    fc.array(fc.boolean(), { minLength: 27, maxLength: 27 }),
  )
  .map(([n, cuts, lower]) => {
    const chars = [...frenchIban(n)].map((c, i) => (lower[i] ? c.toLowerCase() : c));
    for (const [at, sep] of cuts) chars.splice(at % (chars.length + 1), 0, sep);
    return chars.join('');
  });

describe('IBAN rules shared by the client and the server', () => {
  it('the client accepts exactly what the server accepts', () => {
    fc.assert(
      fc.property(typedIban, (iban) => {
        expect(clientAccepts(iban)).toBe(serverAccepts(iban));
      }),
      { numRuns: 500 },
    );
  });

  it('white space is compacted, punctuation is not (it used to pass the client and fail the server)', () => {
    const iban = frenchIban(12_345_678_901);
    const spaced = iban.replace(/(.{4})/g, '$1\u00a0').toLowerCase();
    expect(compactIban(spaced)).toBe(iban);
    expect([clientAccepts(spaced), serverAccepts(spaced)]).toEqual([true, true]);
    const dashed = iban.replace(/(.{4})(?=.)/g, '$1-');
    expect(compactIban(dashed)).toBe(dashed);
    expect([clientAccepts(dashed), serverAccepts(dashed)]).toEqual([false, false]);
    const long = iban + ' '.repeat(64 - iban.length + 1);
    expect([isValidIban(long), serverAccepts(long)]).toEqual([false, false]);
  });

  it('the IBAN field turns whatever is typed into a form both sides accept', () => {
    fc.assert(
      fc.property(typedIban, (typed) => {
        const { value } = formatIbanInput(typed, typed.length);
        expect(value).toMatch(/^([0-9A-Z]{4} )*[0-9A-Z]{1,4}$/);
        expect(clientAccepts(value)).toBe(true);
        expect(serverAccepts(value)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the caret after the same character while regrouping', () => {
    // « fr76-3|0 » → « FR76 3|0 »: the caret follows the fifth character typed.
    expect(formatIbanInput('fr76-30', 6)).toEqual({ value: 'FR76 30', caret: 6 });
  });
});
