import { ApiError } from './api';
import { AMOUNT_RANGE } from './components/money/transfer-draft';
import { LABEL_MAX_CHARS, PAYEE_NAME_MAX_CHARS } from '../src/transfers/limits';

/** The French sentence for each money error code of API.md; unknown ones fall back to the server's. */
const MESSAGES: Record<string, string> = {
  insufficient_funds: 'Solde disponible insuffisant pour ce virement.',
  account_closed: 'Le compte destinataire est clôturé : il ne peut plus recevoir de virement.',
  savings_restricted:
    'Depuis un Livret Avenir, vous ne pouvez virer que vers vos propres comptes AVENIR.',
  idempotency_conflict:
    'Ce virement a déjà été envoyé avec d’autres informations. Vérifiez votre historique avant de recommencer.',
  reauthentication_failed: 'Mot de passe incorrect.',
  account_limit: 'Vous avez déjà 10 comptes ouverts : c’est le maximum.',
  account_not_empty:
    'Ce compte n’est pas vide : virez d’abord son solde vers un autre compte pour le clôturer.',
  last_checking_account: 'Vous devez garder au moins un compte courant ouvert.',
  not_found: 'Ce compte est introuvable.',
  rate_limited: 'Trop de tentatives en peu de temps. Réessayez dans quelques minutes.',
  unavailable: 'Service momentanément indisponible : rien n’a été enregistré. Réessayez.',
  network: 'Connexion impossible. Vérifiez votre réseau puis réessayez.',
};

const FIELD_MESSAGES: Record<string, string> = {
  toIban: 'Cet IBAN n’est pas valide ou ne correspond à aucun compte AVENIR.',
  iban: 'Cet IBAN n’est pas valide.',
  amountCents: `Montant invalide : ${AMOUNT_RANGE}.`,
  label: `Libellé trop long (${LABEL_MAX_CHARS} caractères au plus).`,
  beneficiaryName: `Indiquez le nom du bénéficiaire (${PAYEE_NAME_MAX_CHARS} caractères au plus).`,
  name: `Indiquez un nom (${PAYEE_NAME_MAX_CHARS} caractères au plus).`,
  fromAccountId: 'Choisissez un autre compte : on ne vire pas vers le compte débité.',
};

/** Per-field errors of a validation_failed answer, in French. */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError) || e.code !== 'validation_failed') return {};
  return Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, FIELD_MESSAGES[k] ?? v]));
}

export function moneyErrorMessage(e: unknown): string {
  if (!(e instanceof ApiError)) return 'Une erreur inattendue est survenue. Réessayez.';
  if (e.code === 'validation_failed') {
    const fields = Object.values(fieldErrors(e));
    return fields[0] ?? 'Vérifiez les informations saisies.';
  }
  return MESSAGES[e.code] ?? e.message;
}
