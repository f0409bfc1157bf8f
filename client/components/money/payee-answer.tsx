import type { PayeeCheck } from '../../types';

/** The verification-of-payee answer, shown before the person confirms. */
export function PayeeAnswer({
  check,
  onUseName,
}: {
  check: PayeeCheck;
  onUseName: (n: string) => void;
}) {
  switch (check.result) {
    case 'match':
      return (
        <p class="vop vop--match" data-testid="vop">
          ✓ Nom vérifié : il correspond au titulaire du compte.
        </p>
      );
    case 'close_match':
      return (
        <div class="vop vop--close" data-testid="vop" role="alert">
          <p>Le nom ne correspond pas au titulaire : {check.name} ?</p>
          <button
            type="button"
            class="btn btn--small btn--ghost"
            onClick={() => onUseName(check.name)}
          >
            Utiliser « {check.name} »
          </button>
        </div>
      );
    case 'no_match':
      return (
        <p class="vop vop--no" data-testid="vop" role="alert">
          ⚠ Le nom ne correspond pas au titulaire de ce compte. Si vous confirmez, l’argent pourrait
          partir vers quelqu’un d’autre.
        </p>
      );
    default:
      return (
        <p class="vop vop--unknown" data-testid="vop">
          Compte hors AVENIR : le nom du titulaire ne peut pas être vérifié.
        </p>
      );
  }
}
