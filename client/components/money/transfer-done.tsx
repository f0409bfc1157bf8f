import { useSignal } from '@preact/signals';
import { useAppState } from '../../state/app-state';
import type { ScheduledView, Transfer } from '../../types';
import { formatMoney, formatWhen } from '../../format';
import { compactIban } from '../../iban';
import { AddBeneficiaryForm } from './beneficiaries';
import { describeWhen } from './schedule-fields';

/** The receipt PDF of a transfer (« Justificatif de virement »), served by the documents feature. */
export const receiptHref = (transferId: number) => `/api/transfers/${transferId}/receipt.pdf`;

export function ReceiptLink({ transferId }: { transferId: number }) {
  return (
    <a class="btn btn--ghost btn--small" href={receiptHref(transferId)} download>
      Justificatif de virement (PDF)
    </a>
  );
}

/** « Enregistrer ce bénéficiaire », offered once an IBAN that is neither saved nor one's own was paid. */
function SavePayee({ name, iban }: { name: string; iban: string }) {
  const { openAccounts } = useAppState().accounts;
  const { beneficiaries } = useAppState().transfers;
  const open = useSignal(false);
  const saved = useSignal(false);
  const known =
    openAccounts.value.some((a) => a.iban === compactIban(iban)) ||
    (beneficiaries.value ?? []).some((b) => b.iban === compactIban(iban));
  if (saved.value) return <p class="muted">Bénéficiaire enregistré.</p>;
  if (known) return null;
  return open.value ? (
    <AddBeneficiaryForm
      initial={{ name, iban }}
      onDone={() => {
        open.value = false;
        saved.value = (beneficiaries.value ?? []).some((b) => b.iban === compactIban(iban));
      }}
    />
  ) : (
    <button type="button" class="btn btn--ghost btn--small" onClick={() => (open.value = true)}>
      Enregistrer ce bénéficiaire
    </button>
  );
}

/**
 * The confirmation after a transfer: what left, the debited account's new
 * balance and the receipt; after setting one up, when it will run.
 */
export function TransferDone({
  result,
  onAgain,
}: {
  result: { transfer: Transfer } | { scheduled: ScheduledView };
  onAgain: () => void;
}) {
  const { openAccounts } = useAppState().accounts;
  const t = 'transfer' in result ? result.transfer : null;
  const s = 'scheduled' in result ? result.scheduled : null;
  const item = (t ?? s)!;
  const from = openAccounts.value.find((a) => a.id === item.fromAccountId);
  return (
    <div class="transfer transfer--done" role="status" data-testid="transfer-done">
      <p class="transfer__done-title">
        {t
          ? t.internal
            ? 'Virement effectué'
            : 'Virement SEPA simulé envoyé'
          : s!.frequency === 'once'
            ? 'Virement programmé enregistré'
            : 'Virement permanent enregistré'}
      </p>
      <p>
        {formatMoney(item.amountCents)} vers {item.beneficiaryName}
        {t
          ? t.internal
            ? ', crédité immédiatement.'
            : ' (simulé : aucun argent réel ne part).'
          : ` — ${describeWhen(s!)}.`}
      </p>
      <dl class="summary">
        {t && (
          <>
            <dt>Date</dt>
            <dd>{formatWhen(t.createdAt)}</dd>
            <dt>Référence</dt>
            <dd>VIR-{t.id}</dd>
          </>
        )}
        {from && (
          <>
            <dt>{t ? 'Nouveau solde' : 'Solde actuel'}</dt>
            <dd data-testid="new-balance">
              {from.label} : {formatMoney(from.balanceCents)}
            </dd>
          </>
        )}
      </dl>
      <div class="form-buttons">
        {t && <ReceiptLink transferId={t.id} />}
        <SavePayee name={item.beneficiaryName} iban={item.toIban} />
      </div>
      <button type="button" class="btn btn--primary" onClick={onAgain}>
        Nouveau virement
      </button>
    </div>
  );
}
