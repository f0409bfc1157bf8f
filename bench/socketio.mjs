/**
 * The peer baseline: a chat + news server built the way most teams build one —
 * Express + Socket.IO + better-sqlite3 (a file database in WAL mode, library
 * defaults otherwise: synchronous stays FULL outside WAL's own rules), every chat
 * message INSERTed through a prepared statement before it is emitted to the
 * recipients' rooms and acknowledged to the sender. SSE news through Express's
 * `res.write`, with event ids. Login sets a cookie (no password hashing, like the
 * raw baseline); every request and socket looks its user up in the database.
 *
 * Same fixtures and ids as bench/baseline.mjs (advisors 2 and 3, client i is
 * 10 + i, client i's conversation is i). Socket.IO events: `ready` {user,
 * conversationIds} on connect; `message.send` {conversationId, body, clientId}
 * with an ack callback → ack {message} or {error}; `message.new` {message} to
 * the other members' rooms.
 *
 *   DATABASE_PATH=/tmp/x.db SEED_CLIENTS=5000 PORT=0 [SYNCHRONOUS=FULL] node bench/socketio.mjs
 */
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import express from 'express';
import { Server } from 'socket.io';

const PORT = Number(process.env.PORT ?? 0);
const HOST = process.env.HOST ?? '127.0.0.1';
const CLIENTS = Number(process.env.SEED_CLIENTS ?? 6);
const PER_ADVISOR = Math.max(1, Math.ceil(CLIENTS / 2));

const db = new Database(process.env.DATABASE_PATH ?? join(tmpdir(), 'avenir-socketio.db'));
db.pragma('journal_mode = WAL');
// `socketio-durable` (issue 25): SYNCHRONOUS=FULL, one fsync of the WAL per commit, i.e. per
// message, before the ack — AVENIR's promise done naively, with no batching.
if (process.env.SYNCHRONOUS)
  db.pragma(`synchronous = ${process.env.SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL'}`);
db.exec(`
  create table if not exists users (id integer primary key, email text not null unique,
    first_name text not null, last_name text not null, role text not null, advisor_id integer);
  create table if not exists messages (id integer primary key autoincrement,
    conversation_id integer not null, sender_id integer not null, body text not null,
    client_id text not null, created_at text not null);
  create index if not exists messages_conversation_idx on messages (conversation_id, id);
  create table if not exists news (id integer primary key autoincrement, title text not null,
    body text not null, author_id integer not null, created_at text not null);`);

const q = {
  count: db.prepare('select count(*) as n from users'),
  insertUser: db.prepare(
    'insert into users (id, email, first_name, last_name, role, advisor_id) values (?, ?, ?, ?, ?, ?)',
  ),
  byEmail: db.prepare('select * from users where email = ?'),
  byId: db.prepare('select * from users where id = ?'),
  clientsOf: db.prepare('select id from users where advisor_id = ? order by id'),
  insertMessage: db.prepare(
    'insert into messages (conversation_id, sender_id, body, client_id, created_at) values (?, ?, ?, ?, ?)',
  ),
  messages: db.prepare('select * from messages where conversation_id = ? order by id desc limit ?'),
  insertNews: db.prepare(
    'insert into news (title, body, author_id, created_at) values (?, ?, ?, ?)',
  ),
};

// First start: the fixtures, in one transaction.
if (q.count.get().n === 0) {
  db.transaction(() => {
    q.insertUser.run(2, 'conseiller1@avenir.test', 'Conseiller', '1', 'advisor', null);
    q.insertUser.run(3, 'conseiller2@avenir.test', 'Conseiller', '2', 'advisor', null);
    for (let no = 1; no <= CLIENTS; no++) {
      const advisor = no <= PER_ADVISOR ? 2 : 3;
      q.insertUser.run(10 + no, `client${no}@avenir.test`, 'Client', String(no), 'client', advisor);
    }
  })();
}

const summary = (u) => ({ id: u.id, firstName: u.first_name, lastName: u.last_name, role: u.role });
function publicUser(u) {
  const advisor = u.advisor_id ? q.byId.get(u.advisor_id) : null;
  return { ...summary(u), email: u.email, advisor: advisor ? summary(advisor) : null };
}
const conversationIdsOf = (u) =>
  u.role === 'client' ? [u.id - 10] : q.clientsOf.all(u.id).map((r) => r.id - 10);
/** Members of conversation `no`: the client and their advisor (empty when there is no such client). */
function membersOf(no) {
  const client = Number.isInteger(no) ? q.byId.get(10 + no) : null;
  return client && client.role === 'client' ? [client.id, client.advisor_id] : [];
}
function userFromCookie(header) {
  const m = /(?:^|;\s*)avenir_session=(\d+)/.exec(header ?? '');
  return m ? (q.byId.get(Number(m[1])) ?? null) : null;
}

const app = express();
app.use(express.json());
app.get('/api/health', (_req, res) => res.json({ status: 'ok' }));
app.post('/api/auth/login', (req, res) => {
  const user = typeof req.body?.email === 'string' ? q.byEmail.get(req.body.email) : null;
  if (!user) return res.status(401).json({ error: { code: 'invalid_credentials' } });
  res.cookie('avenir_session', String(user.id), { httpOnly: true, sameSite: 'lax', path: '/' });
  res.json({ user: publicUser(user) });
});
app.use('/api', (req, res, next) => {
  req.user = userFromCookie(req.headers.cookie);
  if (!req.user) return res.status(401).json({ error: { code: 'unauthenticated' } });
  next();
});

const streams = new Set();
let eventSeq = 0;
app.get('/api/events', (req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write('retry: 3000\n\n');
  streams.add(res);
  req.on('close', () => streams.delete(res));
});
app.post('/api/news', (req, res) => {
  const { title, body } = req.body ?? {};
  if (typeof title !== 'string' || typeof body !== 'string')
    return res.status(400).json({ error: { code: 'validation_failed' } });
  const createdAt = new Date().toISOString();
  const { lastInsertRowid } = q.insertNews.run(title, body, req.user.id, createdAt);
  const news = { id: Number(lastInsertRowid), title, body, author: summary(req.user), createdAt };
  const frame = `id: ${++eventSeq}\nevent: news\ndata: ${JSON.stringify(news)}\n\n`;
  for (const s of streams) s.write(frame);
  res.status(201).json({ news });
});
app.get('/api/conversations/:id/messages', (req, res) => {
  const no = Number(req.params.id);
  if (!membersOf(no).includes(req.user.id))
    return res.status(403).json({ error: { code: 'forbidden' } });
  const rows = q.messages.all(no, Math.min(100, Number(req.query.limit) || 50));
  res.json({
    items: rows.map((m) => ({ id: m.id, body: m.body, clientId: m.client_id })),
    hasMore: false,
  });
});

const server = createServer(app);
const io = new Server(server, { serveClient: false });
io.use((socket, next) => {
  const user = userFromCookie(socket.request.headers.cookie);
  if (!user) return next(new Error('unauthenticated'));
  socket.data.user = user;
  next();
});
io.on('connection', (socket) => {
  const user = socket.data.user;
  socket.join(`user:${user.id}`);
  socket.emit('ready', { user: summary(user), conversationIds: conversationIdsOf(user) });
  socket.on('message.send', (frame, ack) => {
    if (typeof ack !== 'function') return;
    const members = membersOf(frame?.conversationId);
    if (!members.includes(user.id)) return ack({ error: { code: 'forbidden' } });
    if (typeof frame.body !== 'string' || typeof frame.clientId !== 'string')
      return ack({ error: { code: 'bad_frame' } });
    const createdAt = new Date().toISOString();
    const { lastInsertRowid } = q.insertMessage.run(
      frame.conversationId,
      user.id,
      frame.body,
      frame.clientId,
      createdAt,
    );
    const message = {
      id: Number(lastInsertRowid),
      conversationId: frame.conversationId,
      sender: summary(user),
      body: frame.body,
      clientId: frame.clientId,
      createdAt,
    };
    socket.to(members.map((id) => `user:${id}`)).emit('message.new', { message });
    ack({ message });
  });
});

setInterval(() => {
  for (const s of streams) s.write(': ping\n\n');
}, 25_000).unref();

server.listen(PORT, HOST, () => {
  console.log(`socketio baseline listening on http://${HOST}:${server.address().port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    io.close();
    server.closeAllConnections();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
