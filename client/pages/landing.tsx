import { PublicShell } from '../components/layout';

const OFFER = [
  ['Un compte courant et son IBAN', 'ouvert en quelques minutes, depuis votre téléphone.'],
  ['Un conseiller attitré', 'qui vous répond par messagerie, en direct.'],
  ['Virements, Livret Avenir et bourse', 'au même endroit, vos opérations à la seconde.'],
  ['Vos alertes', 'sur votre téléphone comme sur votre ordinateur.'],
];

/** `/` for visitors: what AVENIR offers, in a few honest lines, and the two ways in. */
export function LandingPage() {
  return (
    <PublicShell>
      <section class="landing" aria-labelledby="landing-title">
        <h1 id="landing-title">La banque qui vous répond en temps réel</h1>
        <ul class="landing__offer">
          {OFFER.map(([title, text]) => (
            <li key={title}>
              <strong>{title}</strong> {text}
            </li>
          ))}
        </ul>
        <p class="landing__note muted">
          Réservé aux personnes majeures résidant en France. Ouverture gratuite ; aucune carte
          bancaire n’est émise pour le moment.
        </p>
        <div class="landing__actions">
          <a class="btn btn--primary" href="/inscription">
            Ouvrir un compte
          </a>
          <a class="btn btn--ghost" href="/connexion">
            Se connecter
          </a>
        </div>
      </section>
    </PublicShell>
  );
}
