import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../db/client';
import { requiredText } from '../http/text';
import { CIVILITIES, clientProfiles } from './schema';

export const ADULT_MESSAGE = 'Vous devez être majeur pour ouvrir un compte';

/** `+33612345678` from « 06 12 34 56 78 », « +33 6 12… », « 0033 6… »; null when it is neither. */
export function normalizePhone(raw: string): string | null {
  const compact = raw.replace(/[\s.\-()]/g, '').replace(/^00/, '+');
  if (/^0[1-9]\d{8}$/.test(compact)) return `+33${compact.slice(1)}`;
  if (/^\+33[1-9]\d{8}$/.test(compact)) return compact;
  if (/^\+(?!33)[1-9]\d{7,14}$/.test(compact)) return compact;
  return null;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** True when someone born on `birthDate` (YYYY-MM-DD) is 18 on `today` (Paris calendar is close enough: a day). */
export function isAdult(birthDate: string, today: Date) {
  const [y, m, d] = birthDate.split('-').map(Number);
  const eighteenth = Date.UTC(y + 18, m - 1, d);
  return eighteenth <= today.getTime();
}

/** The fields API.md « Auth » adds to sign-up; each failure names its field (`address.city`, …). */
export const profileFields = {
  civility: z.enum(CIVILITIES, { error: 'Civilité requise (madame ou monsieur).' }),
  birthDate: z
    .string({ error: 'Date de naissance requise.' })
    .regex(isoDate, 'Date de naissance au format AAAA-MM-JJ.')
    .refine(realDate, 'Date de naissance invalide.')
    .refine((s) => s >= '1900-01-01', 'Date de naissance invalide.'),
  address: z.object(
    {
      line1: requiredText('Adresse', 120),
      line2: requiredText('Complément d’adresse', 120).nullish().or(z.literal('')),
      postalCode: z
        .string({ error: 'Code postal requis.' })
        .trim()
        .regex(/^\d{5}$/, 'Code postal : 5 chiffres.'),
      city: requiredText('Ville', 80),
      country: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z]{2}$/, 'Pays : code à deux lettres (FR).')
        .default('FR'),
    },
    { error: 'Adresse postale requise.' },
  ),
  phone: z
    .string({ error: 'Téléphone requis.' })
    .max(40, 'Numéro de téléphone invalide.')
    .transform((s, ctx) => {
      const phone = normalizePhone(s);
      if (!phone) ctx.addIssue({ code: 'custom', message: 'Numéro de téléphone invalide.' });
      return phone ?? '';
    }),
  acceptTerms: z.literal(true, {
    error: 'Acceptez les conditions générales et la politique de confidentialité.',
  }),
};

const profileSchema = z.object(profileFields);
export type ProfileInput = z.output<typeof profileSchema>;

export function saveClientProfileTx(tx: Tx, userId: number, input: ProfileInput, now: Date) {
  tx.insert(clientProfiles)
    .values({
      userId,
      civility: input.civility,
      birthDate: input.birthDate,
      addressLine1: input.address.line1,
      addressLine2: input.address.line2 || null,
      postalCode: input.address.postalCode,
      city: input.address.city,
      country: input.address.country,
      phone: input.phone,
      termsAcceptedAt: now,
    })
    .run();
}

export type ClientProfile = {
  civility: (typeof CIVILITIES)[number];
  birthDate: string;
  address: {
    line1: string;
    line2: string | null;
    postalCode: string;
    city: string;
    country: string;
  };
  phone: string;
};

/** The profile of a client as API.md shows it, or null (staff, or a client from before sign-up asked). */
export function findClientProfile(db: Db | Tx, userId: number): ClientProfile | null {
  const row = db.select().from(clientProfiles).where(eq(clientProfiles.userId, userId)).get();
  if (!row) return null;
  return {
    civility: row.civility,
    birthDate: row.birthDate,
    address: {
      line1: row.addressLine1,
      line2: row.addressLine2,
      postalCode: row.postalCode,
      city: row.city,
      country: row.country,
    },
    phone: row.phone,
  };
}
