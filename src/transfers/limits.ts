/**
 * The limits of a transfer, one-off or scheduled. The routes' validators enforce
 * them and the client checks them as people type, from this one runtime-free
 * module (Vite bundles it).
 */

/** 100 000,00 € per transfer (and per simulated deposit). */
export const MAX_AMOUNT_CENTS = 10_000_000;
export const LABEL_MAX_CHARS = 140;
/** The beneficiary's name, on a transfer and on a saved beneficiary. */
export const PAYEE_NAME_MAX_CHARS = 70;
