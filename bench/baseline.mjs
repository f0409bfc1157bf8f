/**
 * The floor: the least a Node server on this machine must do to serve the same
 * traffic as AVENIR. Plain `node:http` + `ws`, in-memory fan-out, no password,
 * no database, no validation beyond what routing needs. It speaks the same
 * frames as API.md (login → cookie, /api/ws message.send → message.ack /
 * message.new, /api/events `news` events, POST /api/news) so the load
 * generator drives it with the very same code.
 *
 * Identity is the cookie value itself (the user id): there is nothing to check.
 * Users mimic the fixtures: conseiller1/2 split client1…clientN in two blocks.
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { openTransferFloor } from './transfer-floor.mjs';

const PORT = Number(process.env.PORT ?? 0);
const HOST = process.env.HOST ?? '127.0.0.1';
const CLIENTS = Number(process.env.SEED_CLIENTS ?? 6);
const PER_ADVISOR = Math.max(1, Math.ceil(CLIENTS / 2));
/** The transfers scenario's floor (a real SQLite file, synchronous=FULL), when a path is given. */
const floor = process.env.FLOOR_DATABASE_PATH
  ? openTransferFloor(process.env.FLOOR_DATABASE_PATH, CLIENTS)
  : null;

// Ids: advisors 2 and 3 (the director would be 1), client i is 10 + i; client i's conversation is i.
const ADVISOR_BASE = 1;
const CLIENT_BASE = 10;
const advisorIdOf = (clientNo) =>
  ADVISOR_BASE + 1 + Math.min(1, Math.floor((clientNo - 1) / PER_ADVISOR));

/** Looks a fixture email up; null when it is not one. */
function userByEmail(email) {
  const staff = /^conseiller([12])@avenir\.test$/.exec(email);
  if (staff) return userById(ADVISOR_BASE + Number(staff[1]));
  const client = /^client(\d+)@avenir\.test$/.exec(email);
  if (client && Number(client[1]) >= 1 && Number(client[1]) <= CLIENTS)
    return userById(CLIENT_BASE + Number(client[1]));
  return null;
}

function userById(id) {
  if (id === ADVISOR_BASE + 1 || id === ADVISOR_BASE + 2) {
    const n = id - ADVISOR_BASE;
    return {
      id,
      firstName: 'Conseiller',
      lastName: String(n),
      role: 'advisor',
      email: `conseiller${n}@avenir.test`,
      advisor: null,
    };
  }
  const no = id - CLIENT_BASE;
  if (no < 1 || no > CLIENTS) return null;
  const advisor = userById(advisorIdOf(no));
  return {
    id,
    firstName: 'Client',
    lastName: String(no),
    role: 'client',
    email: `client${no}@avenir.test`,
    advisor: summary(advisor),
  };
}

const summary = (u) => ({ id: u.id, firstName: u.firstName, lastName: u.lastName, role: u.role });

function conversationIdsOf(user) {
  if (user.role === 'client') return [user.id - CLIENT_BASE];
  const ids = [];
  for (let no = 1; no <= CLIENTS; no++) if (advisorIdOf(no) === user.id) ids.push(no);
  return ids;
}

/** Members of conversation `no`: the client and their advisor. */
const membersOf = (no) => (no >= 1 && no <= CLIENTS ? [CLIENT_BASE + no, advisorIdOf(no)] : []);

function userFromCookie(header) {
  const m = /(?:^|;\s*)avenir_session=(\d+)/.exec(header ?? '');
  return m ? userById(Number(m[1])) : null;
}

/** Open chat sockets per user id. */
const sockets = new Map();
/** Open SSE responses. */
const streams = new Set();
let messageSeq = 0;
let eventSeq = 0;
let newsSeq = 0;

function readJson(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        resolve(null);
      }
    });
  });
}

function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

async function handle(req, res) {
  const url = req.url.split('?')[0];
  if (req.method === 'GET' && url === '/api/health') return sendJson(res, 200, { status: 'ok' });
  if (req.method === 'POST' && url === '/api/auth/login') {
    const body = await readJson(req);
    const user = body && typeof body.email === 'string' ? userByEmail(body.email) : null;
    if (!user) return sendJson(res, 401, { error: { code: 'invalid_credentials' } });
    return sendJson(
      res,
      200,
      { user },
      { 'set-cookie': `avenir_session=${user.id}; Path=/; HttpOnly; SameSite=Lax` },
    );
  }
  const user = userFromCookie(req.headers.cookie);
  if (!user) return sendJson(res, 401, { error: { code: 'unauthenticated' } });
  if (req.method === 'GET' && url === '/api/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write('retry: 3000\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
    return;
  }
  if (req.method === 'POST' && url === '/api/news') {
    const body = await readJson(req);
    if (!body || typeof body.title !== 'string' || typeof body.body !== 'string') {
      return sendJson(res, 400, { error: { code: 'validation_failed' } });
    }
    const news = {
      id: ++newsSeq,
      title: body.title,
      body: body.body,
      author: summary(user),
      createdAt: new Date().toISOString(),
    };
    // Serialised once for every subscriber.
    const frame = `id: ${++eventSeq}\nevent: news\ndata: ${JSON.stringify(news)}\n\n`;
    for (const s of streams) s.write(frame);
    return sendJson(res, 201, { news });
  }
  if (floor && req.method === 'GET' && url === '/api/accounts')
    return sendJson(res, 200, { items: floor.accountsOf(user.id - CLIENT_BASE) });
  if (floor && req.method === 'GET' && url === '/api/bench/total')
    return sendJson(res, 200, { totalCents: floor.totalBalance() });
  if (floor && req.method === 'POST' && url === '/api/transfers') {
    const body = await readJson(req);
    const key = req.headers['idempotency-key'];
    if (!body || !key) return sendJson(res, 400, { error: { code: 'validation_failed' } });
    const answer = floor.transfer(user.id - CLIENT_BASE, key, body);
    return sendJson(res, answer.status, answer.body);
  }
  return sendJson(res, 404, { error: { code: 'not_found' } });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch(() => sendJson(res, 500, { error: { code: 'internal_error' } }));
});
server.keepAliveTimeout = 65_000;

const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
server.on('upgrade', (req, socket, head) => {
  const user = req.url.split('?')[0] === '/api/ws' ? userFromCookie(req.headers.cookie) : null;
  if (!user) {
    socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => attachSocket(ws, user));
});

function attachSocket(ws, user) {
  let set = sockets.get(user.id);
  if (!set) sockets.set(user.id, (set = new Set()));
  set.add(ws);
  ws.on('close', () => {
    set.delete(ws);
    if (set.size === 0) sockets.delete(user.id);
  });
  ws.on('message', (data) => {
    let frame;
    try {
      frame = JSON.parse(String(data));
    } catch {
      return ws.send(JSON.stringify({ type: 'error', code: 'bad_frame', message: 'bad frame' }));
    }
    if (frame.type === 'ping') return ws.send('{"type":"pong"}');
    if (frame.type !== 'message.send') return;
    const message = {
      id: ++messageSeq,
      conversationId: frame.conversationId,
      sender: summary(user),
      body: frame.body,
      clientId: frame.clientId,
      createdAt: new Date().toISOString(),
    };
    ws.send(JSON.stringify({ type: 'message.ack', clientId: frame.clientId, message }));
    const json = JSON.stringify({ type: 'message.new', message });
    for (const id of membersOf(frame.conversationId)) {
      for (const other of sockets.get(id) ?? []) if (other !== ws) other.send(json);
    }
  });
  ws.send(
    JSON.stringify({
      type: 'ready',
      user: summary(user),
      conversationIds: conversationIdsOf(user),
    }),
  );
}

// Keeps proxies open, as the contract asks of the real server.
setInterval(() => {
  for (const s of streams) s.write(': ping\n\n');
}, 25_000).unref();

server.listen(PORT, HOST, () => {
  console.log(`baseline listening on http://${HOST}:${server.address().port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const ws of wss.clients) ws.terminate();
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
