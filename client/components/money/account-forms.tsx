import { useState } from 'preact/hooks';
import type { Account, AccountType } from '../../types';
import { useAppState } from '../../state/app-state';
import { useSubmit } from '../../pages/use-submit';
import { ApiError } from '../../api';
import { moneyErrorMessage } from '../../money-errors';
import { formatMoney, parseAmount } from '../../format';
import { Field, LabelledField } from '../field';
import { ACCOUNT_TYPES } from './account-types';
import { ACCOUNT_LABEL_MAX_CHARS } from '../../../src/accounts/limits';

/** A form opened from a button, closed again by « Annuler » or by success. */
function Disclosure({
  label,
  children,
}: {
  label: string;
  children: (close: () => void) => preact.JSX.Element;
}) {
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button type="button" class="btn btn--ghost btn--small" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  return children(() => setOpen(false));
}

function FormError({ error }: { error: string | null }) {
  return error ? (
    <p class="alert alert--error" role="alert">
      {error}
    </p>
  ) : null;
}

function FormButtons({
  busy,
  submit,
  onCancel,
}: {
  busy: boolean;
  submit: string;
  onCancel: () => void;
}) {
  return (
    <div class="form-buttons">
      <button type="submit" class="btn btn--primary btn--small" disabled={busy} aria-busy={busy}>
        {submit}
      </button>
      <button type="button" class="btn btn--ghost btn--small" onClick={onCancel}>
        Annuler
      </button>
    </div>
  );
}

export function OpenAccountForm() {
  const { openAccount } = useAppState().accounts;
  const { busy, error, submit } = useSubmit();
  const [type, setType] = useState<AccountType>('savings');
  const [label, setLabel] = useState('');
  return (
    <Disclosure label="Ouvrir un compte">
      {(close) => (
        <form
          class="inline-form"
          aria-label="Ouvrir un compte"
          onSubmit={(e) =>
            submit(
              e,
              async () => {
                await openAccount({ type, label: label.trim() || ACCOUNT_TYPES[type] });
                close();
              },
              moneyErrorMessage,
            )
          }
        >
          <LabelledField label="Type de compte">
            {(control) => (
              <select
                {...control}
                value={type}
                onChange={(e) => setType(e.currentTarget.value as AccountType)}
              >
                <option value="savings">Livret Avenir (épargne rémunérée)</option>
                <option value="checking">Compte courant</option>
              </select>
            )}
          </LabelledField>
          <Field
            label="Nom du compte"
            hint={`Facultatif, ${ACCOUNT_LABEL_MAX_CHARS} caractères au plus.`}
            maxLength={ACCOUNT_LABEL_MAX_CHARS}
            value={label}
            onInput={(e) => setLabel(e.currentTarget.value)}
          />
          <FormError error={error} />
          <FormButtons busy={busy} submit="Ouvrir le compte" onCancel={close} />
        </form>
      )}
    </Disclosure>
  );
}

export function RenameAccountForm({ account }: { account: Account }) {
  const { renameAccount } = useAppState().accounts;
  const { busy, error, submit } = useSubmit();
  const [label, setLabel] = useState(account.label);
  return (
    <Disclosure label="Renommer">
      {(close) => (
        <form
          class="inline-form"
          aria-label="Renommer le compte"
          onSubmit={(e) =>
            submit(
              e,
              async () => {
                await renameAccount(account.id, label.trim());
                close();
              },
              moneyErrorMessage,
            )
          }
        >
          <Field
            label="Nouveau nom"
            required
            maxLength={ACCOUNT_LABEL_MAX_CHARS}
            value={label}
            onInput={(e) => setLabel(e.currentTarget.value)}
          />
          <FormError error={error} />
          <FormButtons busy={busy} submit="Renommer" onCancel={close} />
        </form>
      )}
    </Disclosure>
  );
}

export function CloseAccountForm({ account }: { account: Account }) {
  const { closeAccount } = useAppState().accounts;
  const { busy, error, submit } = useSubmit();
  return (
    <Disclosure label="Clôturer">
      {(close) => (
        <form
          class="inline-form"
          aria-label="Clôturer le compte"
          onSubmit={(e) => submit(e, () => closeAccount(account.id), moneyErrorMessage)}
        >
          <p>
            Clôturer « {account.label} » ? Son historique reste consultable. Le solde doit être de{' '}
            {formatMoney(0)}.
          </p>
          <FormError error={error} />
          <FormButtons busy={busy} submit="Clôturer le compte" onCancel={close} />
        </form>
      )}
    </Disclosure>
  );
}

/** Dev only (POST /dev/deposit): money from outside the bank, to try transfers. */
export function SimulateDepositForm({ account }: { account: Account }) {
  const { canSimulateDeposit, simulateDeposit } = useAppState().accounts;
  const { busy, error, submit } = useSubmit();
  const [amount, setAmount] = useState('500,00');
  if (!canSimulateDeposit.value) return null;
  return (
    <Disclosure label="Simuler un virement entrant">
      {(close) => (
        <form
          class="inline-form"
          aria-label="Simuler un virement entrant"
          onSubmit={(e) =>
            submit(
              e,
              async () => {
                const cents = parseAmount(amount);
                if (!cents)
                  throw new ApiError(400, 'validation_failed', '', { amountCents: 'invalid' });
                await simulateDeposit(account.id, cents);
                close();
              },
              moneyErrorMessage,
            )
          }
        >
          <Field
            label="Montant (€)"
            hint="Démonstration uniquement : argent fictif venu d’une autre banque."
            inputMode="decimal"
            value={amount}
            onInput={(e) => setAmount(e.currentTarget.value)}
          />
          <FormError error={error} />
          <FormButtons busy={busy} submit="Créditer" onCancel={close} />
        </form>
      )}
    </Disclosure>
  );
}
