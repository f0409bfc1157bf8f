import { DurableObject } from 'cloudflare:workers';
export class H extends DurableObject {
  constructor(ctx, env) { super(ctx, env); ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong')); }
  async fetch(req) {
    const [c, s] = Object.values(new WebSocketPair());
    const mode = new URL(req.url).searchParams.get('mode');
    if (mode === 'plain') { s.accept(); s.addEventListener('message', () => s.close(4001, 'bye')); }
    else { this.ctx.acceptWebSocket(s, ['ws:1', 'session:abc']); s.serializeAttachment({ a: 1 }); s.send('{"type":"ready"}'); if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + 25000); }
    return new Response(null, { status: 101, webSocket: c });
  }
  webSocketMessage(ws, m) { if (m === 'x') ws.close(4001, 'bye'); else this.env.R.get(this.env.R.idFromName('r')).later(m); }
  closeAll() { for (const ws of this.ctx.getWebSockets()) ws.close(4001, 'rpc'); }
  alarm() {}
  async webSocketClose(ws, code, reason) { try { ws.close(code, reason); } catch {} await this.env.R.get(this.env.R.idFromName('r')).ping(); }
}
export class R extends DurableObject {
  ping() { return 1; }
  later(m) { const h = this.env.H.get(this.env.H.idFromName('h')); if (m === 'rpc') return h.closeAll(); this.ctx.waitUntil(h.closeAll()); }
  async fetch(req) {
    const res = await this.env.H.get(this.env.H.idFromName('h')).fetch(req);
    return new Response(null, { status: res.status, webSocket: res.webSocket });
  }
}
export default {
  async fetch(req, env) {
    const u = new URL(req.url);
    if (u.pathname === '/local') {
      const [c, s] = Object.values(new WebSocketPair());
      s.accept(); s.addEventListener('message', () => s.close(4001, 'bye'));
      return new Response(null, { status: 101, webSocket: c });
    }
    if (u.pathname === '/do') return env.H.get(env.H.idFromName('h')).fetch(req);
    if (u.pathname === '/relay') return env.R.get(env.R.idFromName('r')).fetch(req);
    return new Response('ok');
  },
};
