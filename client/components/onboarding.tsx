import { useEffect } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { useAppState } from '../state/app-state';
import { checkPush, pushStatus } from '../state/push';
import { type OnboardingStep } from '../state/onboarding';
import { me } from '../state/session';
import { roleLabel } from '../format';
import { Iban } from './money/amount';
import { SimulateDepositForm } from './money/account-forms';
import { PushSwitch } from './feed/push-switch';
import './onboarding.css';

function Step({
  done,
  title,
  children,
}: {
  done: boolean;
  title: string;
  children: ComponentChildren;
}) {
  return (
    <li class={`onboarding__step${done ? ' onboarding__step--done' : ''}`}>
      <span class="onboarding__mark" aria-hidden="true">
        {done ? '✓' : ''}
      </span>
      <div>
        <h3 class="onboarding__title">
          {title}
          {done && <span class="visually-hidden"> (fait)</span>}
        </h3>
        {!done && children}
      </div>
    </li>
  );
}

/** After the first sign-in: how to start, ticked off as it happens, kept on the server. */
export function OnboardingChecklist() {
  const { dismissOnboarding, markStep, onboarding } = useAppState().onboarding;
  const { selectedAccount } = useAppState().accounts;
  const steps = onboarding.value;
  const status = pushStatus.value;
  useEffect(() => void checkPush(), []);
  useEffect(() => {
    if (steps && !steps.notifications && status === 'on') void markStep('notifications');
  }, [steps?.notifications, status]);
  if (!steps) return null;
  const account = selectedAccount.value;
  const advisor = me.value?.advisor;
  const done = Object.values(steps).filter(Boolean).length;
  const tick = (step: OnboardingStep) => () => void markStep(step).catch(() => {});
  return (
    <section class="panel onboarding" aria-labelledby="onboarding-title">
      <div class="onboarding__head">
        <h2 id="onboarding-title" class="panel__title">
          Bien démarrer
        </h2>
        <p class="muted onboarding__count">{done} sur 4 étapes</p>
      </div>
      <ol class="onboarding__steps">
        <Step done={steps.fund} title="Alimentez votre compte">
          <p>Donnez cet IBAN à votre employeur ou faites-vous un premier virement :</p>
          {account && (
            <>
              <p class="onboarding__iban">
                <Iban iban={account.iban} testId="onboarding-iban" />
              </p>
              <SimulateDepositForm account={account} />
            </>
          )}
        </Step>
        <Step done={steps.notifications} title="Activez les notifications">
          <PushSwitch />
        </Step>
        <Step done={steps.passkey} title="Ajoutez une clé d’accès">
          <p>Connectez-vous d’un geste, sans mot de passe, sur ce téléphone ou cet ordinateur.</p>
          <a class="btn btn--ghost btn--small" href="/securite">
            Ajouter une clé d’accès
          </a>
        </Step>
        <Step
          done={steps.advisor}
          title={
            advisor
              ? `Faites connaissance avec votre ${roleLabel(advisor).toLowerCase()}`
              : 'Faites connaissance avec votre conseiller'
          }
        >
          <a class="btn btn--ghost btn--small" href="/messages" onClick={tick('advisor')}>
            Écrire à {advisor ? `${advisor.firstName} ${advisor.lastName}` : 'votre conseiller'}
          </a>
        </Step>
      </ol>
      <button
        type="button"
        class="btn btn--ghost btn--small"
        onClick={() => void dismissOnboarding().catch(() => {})}
      >
        Masquer ces conseils
      </button>
    </section>
  );
}
