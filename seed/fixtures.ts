import { eq } from 'drizzle-orm';
import type { Platform } from '../src/platform';
import { conversations, users, type Gender, type User } from '../src/db/schema';
import { createClientTx, createStaffTx } from '../src/auth/service';
import { insertMessageTx } from '../src/chat/messages';
import { insertNewsTx } from '../src/feed/news';
import { insertNotificationTx } from '../src/notifications/notifications';
import { seedMoneyTx } from './money';
import { seedMarketTx } from './market';
import { seedScheduledTx } from './scheduled';
import { seedProfilesTx } from './profiles';
import { seedDocuments } from './documents';

export const FIXTURE_PASSWORD = 'Avenir-2026!';

const FIRST = [
  'Camille',
  'Louis',
  'Chloé',
  'Hugo',
  'Léa',
  'Gabriel',
  'Manon',
  'Arthur',
  'Inès',
  'Jules',
  'Sarah',
  'Nathan',
  'Emma',
  'Lucas',
  'Zoé',
  'Raphaël',
];
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
];

const HOUR = 3_600_000;

/** Seeds the fixtures of API.md when the database has no user yet; true when it did. */
export async function seedIfEmpty(p: Platform, opts: { clients: number }): Promise<boolean> {
  if (p.db.select({ id: users.id }).from(users).limit(1).get()) return false; // no count: no scan
  await seedFixtures(p, opts);
  return true;
}

/** Creates every fixture account through the services; one password hash serves them all. */
export async function seedFixtures(p: Platform, { clients }: { clients: number }) {
  const passwordHash = await p.hasher.hash(FIXTURE_PASSWORD);
  const now = p.clock.now().getTime();
  const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR);

  p.db.transaction((tx) => {
    const staff = (
      email: string,
      firstName: string,
      lastName: string,
      role: 'advisor' | 'director',
      gender: Gender,
    ) => createStaffTx(tx, { email, passwordHash, firstName, lastName, role, gender }, at(24 * 30));
    const director = staff('directeur@avenir.test', 'Hélène', 'Marchand', 'director', 'feminine');
    const advisors = [
      staff('conseiller1@avenir.test', 'Julien', 'Fabre', 'advisor', 'masculine'),
      staff('conseiller2@avenir.test', 'Sophie', 'Lemaire', 'advisor', 'feminine'),
    ];

    // client1…clientN in contiguous blocks: with 6, clients 1–3 go to conseiller1 and 4–6 to conseiller2.
    const perAdvisor = Math.max(1, Math.ceil(clients / advisors.length));
    const people: User[] = [];
    for (let i = 1; i <= clients; i++) {
      const advisor = advisors[Math.min(advisors.length - 1, Math.floor((i - 1) / perAdvisor))];
      people.push(
        createClientTx(
          tx,
          {
            email: `client${i}@avenir.test`,
            passwordHash,
            firstName: FIRST[(i - 1) % FIRST.length],
            lastName: LAST[(i * 7) % LAST.length],
            emailVerifiedAt: at(24 * 20),
          },
          at(24 * 100),
          { advisorId: advisor.id },
        ),
      );
    }
    seedMoneyTx(tx, people, now);
    seedScheduledTx(tx, people, now);
    seedProfilesTx(tx, people, now);
    createClientTx(
      tx,
      { email: 'pending@avenir.test', passwordHash, firstName: 'Paul', lastName: 'Attente' },
      at(2),
    );

    const advisorOf = (c: User) => advisors.find((a) => a.id === c.advisorId)!;
    const say = (sender: User, conversationId: number, body: string, hoursAgo: number) =>
      insertMessageTx(
        tx,
        sender,
        { conversationId, body, clientId: `seed-${conversationId}-${hoursAgo}-${sender.id}` },
        at(hoursAgo),
      );
    const privateOf = (c: User) =>
      tx.select().from(conversations).where(eq(conversations.clientId, c.id)).get()!;

    // Varied histories (who wrote last, how long ago, how much): the inbox should look lived in.
    type Line = [who: 'c' | 'a', hoursAgo: number, body: (c: User, a: User) => string];
    const HISTORIES: Line[][] = [
      [
        [
          'c',
          30,
          (c, a) =>
            `Bonjour ${a.firstName}, pourriez-vous m’aider à mettre en place un virement permanent ?`,
        ],
        [
          'a',
          29.5,
          (c) => `Bonjour ${c.firstName}, bien sûr. Quel montant et à quelle date chaque mois ?`,
        ],
        ['c', 29, () => '150 € le 5 de chaque mois, vers mon livret. Merci !'],
      ],
      [
        ['c', 24 * 6, () => 'Bonsoir, ma carte a été refusée chez un commerçant en Espagne.'],
        [
          'a',
          24 * 6 - 14,
          (c) =>
            `Bonjour ${c.firstName}, les paiements à l’étranger étaient désactivés : je viens de les activer.`,
        ],
        ['c', 24 * 6 - 15, () => 'Super, ça fonctionne. Merci beaucoup !'],
        [
          'a',
          0.4,
          () => 'Votre nouvelle carte part demain par courrier, vous la recevrez sous 5 jours.',
        ],
      ],
      [
        [
          'c',
          2,
          () => 'Bonjour, je voudrais augmenter mon plafond de retrait pour la semaine prochaine.',
        ],
        ['c', 1.9, () => 'Idéalement 1 000 € jusqu’à vendredi.'],
      ],
      [
        [
          'a',
          24 * 12,
          (c) =>
            `Bonjour ${c.firstName}, bienvenue chez AVENIR ! Je suis votre conseillère, n’hésitez pas à m’écrire ici.`,
        ],
        ['c', 24 * 12 - 3, () => 'Merci, ravi de vous connaître.'],
      ],
      [
        ['c', 50, () => 'Est-ce que je peux ouvrir un Livret Avenir pour ma fille ?'],
        [
          'a',
          49,
          (c) =>
            `Oui ${c.firstName}, il faut passer en agence avec son livret de famille. Mardi 10 h vous conviendrait ?`,
        ],
        ['c', 48.5, () => 'Parfait pour mardi.'],
        ['a', 48, () => 'C’est noté, à mardi !'],
        [
          'c',
          0.1,
          () => 'Petite question avant mardi : faut-il aussi un justificatif de domicile ?',
        ],
      ],
      [],
    ];
    for (const [i, c] of people.slice(0, 6).entries()) {
      const conv = privateOf(c);
      const a = advisorOf(c);
      for (const [who, hoursAgo, body] of HISTORIES[i]!)
        say(who === 'c' ? c : a, conv.id, body(c, a), hoursAgo);
    }
    const group = tx.select().from(conversations).where(eq(conversations.kind, 'group')).get()!;
    say(
      director,
      group.id,
      'Bonjour à tous. Point d’équipe vendredi à 9 h : objectifs du trimestre et nouvelle offre épargne.',
      48,
    );
    say(advisors[0], group.id, 'Bien noté. Je prépare les chiffres de mon portefeuille.', 47);
    say(
      advisors[1],
      group.id,
      'Parfait, je présenterai les retours clients sur l’application.',
      46,
    );

    insertNewsTx(
      tx,
      director,
      {
        title: 'Bienvenue dans votre nouvel espace AVENIR',
        body: 'Suivez vos comptes, échangez avec votre conseiller en direct et recevez nos actualités en temps réel.',
      },
      at(72),
    );
    insertNewsTx(
      tx,
      advisors[0],
      {
        title: 'Livret Avenir : taux relevé à 3 %',
        body: 'À partir du 1er décembre, le Livret Avenir est rémunéré à 3 % brut par an, sans frais de gestion.',
      },
      at(26),
    );
    insertNewsTx(
      tx,
      advisors[1],
      {
        title: 'Maintenance prévue dimanche',
        body: 'Une courte maintenance aura lieu dimanche entre 2 h et 3 h. Vos cartes restent utilisables.',
      },
      at(5),
    );

    for (const c of people.slice(0, 6)) {
      const a = advisorOf(c);
      insertNotificationTx(
        tx,
        a,
        {
          recipientId: c.id,
          kind: 'appointment',
          title: 'Rendez-vous confirmé',
          body: `Bonjour ${c.firstName}, votre rendez-vous avec ${a.firstName} ${a.lastName} est confirmé jeudi à 14 h.`,
          link: '/',
        },
        at(20),
      );
      insertNotificationTx(
        tx,
        a,
        {
          recipientId: c.id,
          kind: 'document',
          title: 'Nouveau relevé disponible',
          body: `Bonjour ${c.firstName}, votre relevé de compte du mois est disponible dans votre espace.`,
          link: null,
        },
        at(3),
      );
    }
    seedMarketTx(tx, people, now);
  });
  await seedDocuments(p);
}
