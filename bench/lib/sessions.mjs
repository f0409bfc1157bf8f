/**
 * Sessions for the human-rate shape (issue 25), written straight into AVENIR's database: the
 * same rows a password login writes (the SHA-256 of a random token, a 30-day expiry). Thousands of
 * clients at a human rate each need a session of their own, and thousands of scrypt logins would
 * take a quarter of an hour on two cores, all before anything is measured. WAL mode lets this
 * process write while the server runs; the server reads the rows on the first request.
 */
import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';

const DAY = 86_400_000;

/** Fixture client number for the j-th pick: alternate between the two advisors' blocks. */
export function fixtureEmail(seedClients, j) {
  const perAdvisor = Math.max(1, Math.ceil(seedClients / 2));
  return `client${(j % 2) * perAdvisor + 1 + Math.floor(j / 2)}@avenir.test`;
}

/** One session per email; returns what the generator's login returns ({email, cookie, user}). */
export function mintSessions(dbPath, emails) {
  const db = new Database(dbPath);
  try {
    db.pragma('busy_timeout = 10000');
    const byEmail = db.prepare('select id, advisor_id as advisorId from users where email = ?');
    const insert = db.prepare(
      `insert into sessions (id, user_id, expires_at, created_at, method, last_seen_at)
       values (?, ?, ?, ?, 'password', ?)`,
    );
    const now = Date.now();
    return db.transaction(() =>
      emails.map((email) => {
        const user = byEmail.get(email);
        if (!user) throw new Error(`no fixture user ${email}`);
        const token = randomBytes(20).toString('hex');
        const id = createHash('sha256').update(token).digest('hex');
        insert.run(id, user.id, now + 30 * DAY, now, now);
        return {
          email,
          cookie: `avenir_session=${token}`,
          user: { id: user.id, advisor: { id: user.advisorId } },
        };
      }),
    )();
  } finally {
    db.close();
  }
}
