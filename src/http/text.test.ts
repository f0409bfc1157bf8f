import { describe, expect, it } from 'vitest';
import { freshClient, signIn, startAppForFile } from '../chat/test-kit';
import type { TestApp } from '../../test/harness';
import { textProblem } from './text';
import { NEWCOMER_PROFILE } from '../../test/newcomer';

let app: TestApp;
startAppForFile((a) => (app = a));

// Each of these draws nothing, hides a control character or reorders what is read.
const INVISIBLE = ['\u200B', '\u200B\u200C\u200D', '\u2060', '\uFEFF\u200B', ' \u00AD '];
const HOSTILE = ['Léa\u0000', 'Léa\u202Eaxe', 'a\u2066b\u2069'];
const NAME_ONLY = ['Léa\r\nBcc: x@y.fr', 'Léa\nDupont'];

describe('one validator for what people type', () => {
  it('accepts ordinary text, accents, emoji and line breaks where text is multi-line', () => {
    expect(textProblem('Léa-Marie O’Brien', 'Nom')).toBeNull();
    expect(textProblem('Bonjour 👋🏽\nÀ demain', 'Message', { multiline: true })).toBeNull();
    expect(textProblem('שלום', 'Message')).toBeNull(); // right-to-left text needs no override
  });

  it('register refuses such names with a field error', async () => {
    for (const bad of [...INVISIBLE, ...HOSTILE, ...NAME_ONLY]) {
      const res = await app.anon().post('/api/auth/register', {
        ...NEWCOMER_PROFILE,
        email: 'nom-invisible@exemple.fr',
        password: 'motdepasse-solide',
        firstName: bad,
        lastName: 'Valide',
      });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.fields.firstName).toBeTruthy();
    }
  });

  it('chat refuses such bodies over REST and over the socket, and stores nothing', async () => {
    const { agent, conversationId } = await freshClient(app);
    const socket = await agent.ws();
    for (const [i, bad] of [...INVISIBLE, ...HOSTILE].entries()) {
      const res = await agent.post(`/api/conversations/${conversationId}/messages`, {
        body: bad,
        clientId: `rest-${i}`,
      });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.fields.body).toBeTruthy();
      socket.send({ type: 'message.send', conversationId, body: bad, clientId: `ws-${i}` });
      const error = await socket.next((f) => f.type === 'error' && f.clientId === `ws-${i}`);
      expect(error.code).toBe('validation_failed');
    }
    const history = await agent.get(`/api/conversations/${conversationId}/messages`);
    expect(history.body.items).toEqual([]);
    // a multi-line message still goes through
    const ok = await agent.post(`/api/conversations/${conversationId}/messages`, {
      body: 'Ligne 1\nLigne 2',
      clientId: 'ok',
    });
    expect(ok.status).toBe(201);
    await socket.close();
  });

  it('news and notifications refuse such titles and bodies', async () => {
    const advisor = await signIn(app, 'conseiller1@avenir.test');
    const { id: recipientId } = await freshClient(app);
    for (const bad of [...INVISIBLE, ...HOSTILE, 'Titre\nsur deux lignes']) {
      const news = await advisor.post('/api/news', { title: bad, body: 'Texte' });
      expect(news.status, JSON.stringify(bad)).toBe(400);
      expect(news.body.error.fields.title).toBeTruthy();
      const note = await advisor.post('/api/notifications', {
        recipientId,
        kind: 'info',
        title: bad,
        body: 'Texte',
      });
      expect(note.status).toBe(400);
      expect(note.body.error.fields.title).toBeTruthy();
    }
    for (const bad of [...INVISIBLE, ...HOSTILE]) {
      const news = await advisor.post('/api/news', { title: 'Titre', body: bad });
      expect(news.body.error.fields.body, JSON.stringify(bad)).toBeTruthy();
      const note = await advisor.post('/api/notifications', {
        recipientId,
        kind: 'info',
        title: 'Titre',
        body: bad,
      });
      expect(note.body.error.fields.body).toBeTruthy();
    }
  });
});
