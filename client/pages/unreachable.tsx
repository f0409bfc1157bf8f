import { useEffect } from 'preact/hooks';
import { PublicShell } from '../components/layout';

const RETRY_EVERY_MS = 3000;

/**
 * The bank does not answer (server down, no network): said plainly, with a retry
 * button, and tried again by itself every few seconds and when the network returns.
 * The service worker serves this app shell even when the server is down.
 */
export function Unreachable({ onRetry }: { onRetry: () => unknown }) {
  useEffect(() => {
    const timer = setInterval(() => void onRetry(), RETRY_EVERY_MS);
    addEventListener('online', onRetry);
    return () => {
      clearInterval(timer);
      removeEventListener('online', onRetry);
    };
  }, []);
  return (
    <PublicShell>
      <section
        class="card card--narrow"
        aria-labelledby="unreachable-title"
        data-testid="unreachable"
      >
        <h1 id="unreachable-title">La banque est injoignable</h1>
        <p>
          AVENIR ne répond pas pour le moment : votre connexion ou nos serveurs sont indisponibles.
          Vos comptes et vos messages ne sont pas perdus ; la page se reconnectera d’elle-même.
        </p>
        <button type="button" class="btn btn--primary" onClick={() => void onRetry()}>
          Réessayer maintenant
        </button>
      </section>
    </PublicShell>
  );
}
