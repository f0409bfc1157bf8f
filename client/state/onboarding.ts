import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { api, ApiError } from '../api';
import type { Account } from '../types';

export type OnboardingStep = 'fund' | 'notifications' | 'passkey' | 'advisor';
type Onboarding = { active: boolean; dismissed: boolean; steps: Record<OnboardingStep, boolean> };

/** One per tab, made by createAppState and reached through useAppState().onboarding. */
export function createOnboarding(deps: { openAccounts: ReadonlySignal<Account[]> }) {
  const state = signal<Onboarding | null>(null);

  /**
   * The newcomer's checklist (GET /api/onboarding), or null when there is none to show:
   * not a newcomer, dismissed, or every step done. « Fund » also follows the live balance.
   */
  const onboarding = computed(() => {
    const s = state.value;
    if (!s?.active || s.dismissed) return null;
    const funded = s.steps.fund || deps.openAccounts.value.some((a) => a.balanceCents > 0);
    const steps = { ...s.steps, fund: funded };
    return Object.values(steps).every(Boolean) ? null : steps;
  });

  async function loadOnboarding() {
    try {
      state.value = await api.get<Onboarding>('/api/onboarding');
    } catch {
      state.value = null; // nothing to show is better than an error on the home page
    }
    if (state.value?.active && !state.value.steps.passkey) void checkPasskeys();
  }

  async function markStep(step: OnboardingStep) {
    if (state.value?.steps[step]) return;
    state.value = await api.post<Onboarding>(`/api/onboarding/steps/${step}`);
  }

  async function dismissOnboarding() {
    state.value = await api.post<Onboarding>('/api/onboarding/dismiss');
  }

  /** A passkey added (the security page, GET /api/auth/passkeys) ticks its step; a 404 means not yet available. */
  async function checkPasskeys() {
    try {
      const { items } = await api.get<{ items: unknown[] }>('/api/auth/passkeys');
      if (items?.length) await markStep('passkey');
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }

  return {
    onboarding,
    loadOnboarding,
    markStep,
    dismissOnboarding,
  };
}
