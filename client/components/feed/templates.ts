import type { Kind } from './kinds';

/** Where the client's first name goes in a template, until a client is picked. */
export const FIRST_NAME = '{prénom}';

/** What the advisor still has to fill in: the body cannot be sent while one remains. */
export const PLACEHOLDER = '…';

/** An appointment's day and hour, worded for the message (« jeudi 3 décembre », « 14 h 30 »). */
export type When = { date?: string; time?: string };

type Template = {
  title: string;
  body: (firstName: string, signature: string, when: When) => string;
};

/** A starting text per kind; the advisor edits it (the « … » are for them to fill in). */
export const TEMPLATES: Record<Kind, Template> = {
  info: {
    title: 'Une information sur votre compte',
    body: (p, s) =>
      `Bonjour ${p}, je souhaitais vous informer que … N’hésitez pas à m’écrire depuis la messagerie si vous avez la moindre question.\n${s}`,
  },
  appointment: {
    title: 'Votre rendez-vous est confirmé',
    body: (p, s, w) =>
      `Bonjour ${p}, votre rendez-vous est confirmé ${whenText(w)}, à l’agence. En cas d’empêchement, prévenez-moi depuis la messagerie.\n${s}`,
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

/** « le jeudi 3 décembre à 14 h 30 », with « … » for what is not chosen yet. */
export function whenText(w: When) {
  return `le ${w.date ?? PLACEHOLDER} à ${w.time ?? PLACEHOLDER}`;
}

const dayFormat = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  timeZone: 'UTC',
});

/** The date and time fields' values (YYYY-MM-DD, HH:MM) in words. */
export function describeWhen(date: string, time: string): When {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00Z`) : null;
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  return {
    date: d && !Number.isNaN(d.getTime()) ? dayFormat.format(d) : undefined,
    time: t ? `${Number(t[1])} h${t[2] === '00' ? '' : ` ${t[2]}`}` : undefined,
  };
}

export function fillTemplate(
  kind: Kind,
  firstName: string | undefined,
  signature: string,
  when: When = {},
) {
  const t = TEMPLATES[kind];
  return { title: t.title, body: t.body(firstName ?? FIRST_NAME, signature, when) };
}
