import type { ComponentChildren } from 'preact';
import { PublicShell } from '../components/layout';

function LegalPage({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <PublicShell>
      <article class="card legal" aria-labelledby="legal-title">
        <h1 id="legal-title">{title}</h1>
        {children}
        <p>
          <a href="/inscription">Retour à l’ouverture de compte</a>
        </p>
      </article>
    </PublicShell>
  );
}

/** `/conditions`: the terms a newcomer accepts at sign-up. */
export function TermsPage() {
  return (
    <LegalPage title="Conditions générales">
      <p>
        AVENIR ouvre un compte courant en euros à toute personne majeure qui en fait la demande et
        confirme son adresse e-mail. Le compte reçoit un IBAN français ; il ne peut pas être à
        découvert.
      </p>
      <p>
        Vous êtes responsable de la confidentialité de votre mot de passe et de vos clés d’accès.
        Les virements au-delà d’un certain montant demandent une confirmation renforcée.
      </p>
      <p>
        Vous pouvez clôturer un compte à tout moment s’il est à zéro ; votre dernier compte courant
        se clôture avec votre conseiller.
      </p>
    </LegalPage>
  );
}

/** `/confidentialite`: what AVENIR keeps about a client and why. */
export function PrivacyPage() {
  return (
    <LegalPage title="Politique de confidentialité">
      <p>
        Nous conservons votre identité (civilité, nom, date de naissance), votre adresse postale,
        votre téléphone et votre adresse e-mail parce qu’une banque doit savoir qui sont ses
        clients. Votre conseiller et la direction les voient ; personne d’autre.
      </p>
      <p>
        Vos messages et vos opérations sont conservés pour tenir vos comptes et répondre à vos
        demandes. Aucune donnée n’est vendue ni utilisée à des fins publicitaires.
      </p>
      <p>
        Pour consulter ou corriger vos données, écrivez à votre conseiller depuis l’application.
      </p>
    </LegalPage>
  );
}
