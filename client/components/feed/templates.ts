import type { Kind } from './kinds';

/** Where the client's first name goes in a template, until a client is picked. */
export const FIRST_NAME = '{prénom}';

type Template = { title: string; body: (firstName: string, signature: string) => string };

/** A starting text per kind; the advisor edits it (the « … » are for them to fill in). */
export const TEMPLATES: Record<Kind, Template> = {
  info: {
    title: 'Une information sur votre compte',
    body: (p, s) =>
      `Bonjour ${p}, je souhaitais vous informer que … N’hésitez pas à m’écrire depuis la messagerie si vous avez la moindre question.\n${s}`,
  },
  appointment: {
    title: 'Votre rendez-vous est confirmé',
    body: (p, s) =>
      `Bonjour ${p}, votre rendez-vous est confirmé le … à …, à l’agence. En cas d’empêchement, prévenez-moi depuis la messagerie.\n${s}`,
  },
  document: {
    title: 'Un nouveau document vous attend',
    body: (p, s) =>
      `Bonjour ${p}, un nouveau document est disponible dans votre espace : … Pensez à le consulter dès que possible.\n${s}`,
  },
  alert: {
    title: 'Action requise sur votre compte',
    body: (p, s) =>
      `Bonjour ${p}, nous avons besoin de votre attention concernant … Merci de me contacter rapidement depuis la messagerie.\n${s}`,
  },
  offer: {
    title: 'Une offre pensée pour vous',
    body: (p, s) =>
      `Bonjour ${p}, nous avons le plaisir de vous proposer … Je peux vous présenter cette offre lors d’un prochain échange.\n${s}`,
  },
};

export function fillTemplate(kind: Kind, firstName: string | undefined, signature: string) {
  const t = TEMPLATES[kind];
  return { title: t.title, body: t.body(firstName ?? FIRST_NAME, signature) };
}
