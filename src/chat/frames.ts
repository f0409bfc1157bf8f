/**
 * Inbound WebSocket frames: bounded, parsed and schema-checked before anything
 * reads them. The send rules (body, clientId) are the ones REST uses too.
 */
import { z } from 'zod';
import { visibleText } from '../http/text';
import { MAX_FRAME_BYTES, type ClientFrame, type ErrorCode } from '../realtime/protocol';

import { MAX_BODY_CHARS, MAX_CLIENT_ID_CHARS } from './limits';

export { MAX_BODY_CHARS, MAX_CLIENT_ID_CHARS };

const id = z
  .number({ error: 'Identifiant invalide.' })
  .int('Identifiant invalide.')
  .positive('Identifiant invalide.');

/**
 * At most `max` characters as people count them (code points, not UTF-16 units).
 * Code points never outnumber UTF-16 units, so most texts pass without the
 * spread that counts them (an array of up to 4,000 strings per message).
 */
const atMostChars = (s: string, max: number) => s.length <= max || [...s].length <= max;

const encoder = new TextEncoder();
/** True when the UTF-8 form of `s` is longer than `max` bytes (encodes only when it could be). */
function exceedsBytes(s: string, max: number) {
  if (s.length > max) return true; // every UTF-16 unit is at least one byte
  return s.length * 3 > max && encoder.encode(s).length > max;
}

export const messageBody = z
  .string({ error: 'Message requis.' })
  .trim()
  .refine((s) => s.length > 0, 'Le message est vide.')
  .refine((s) => atMostChars(s, MAX_BODY_CHARS), `Au plus ${MAX_BODY_CHARS} caractères.`)
  .superRefine(visibleText('Message', { multiline: true }));

export const clientIdSchema = z
  .string({ error: 'clientId requis.' })
  .min(1, 'clientId requis.')
  .refine(
    (s) => atMostChars(s, MAX_CLIENT_ID_CHARS),
    `clientId : au plus ${MAX_CLIENT_ID_CHARS} caractères.`,
  );

export const sendInputSchema = z.object({ body: messageBody, clientId: clientIdSchema });
export const readInputSchema = z.object({ messageId: id });

const frameSchemas = {
  'message.send': z.object({
    type: z.literal('message.send'),
    conversationId: id,
    body: messageBody,
    clientId: clientIdSchema,
  }),
  typing: z.object({
    type: z.literal('typing'),
    conversationId: id,
    isTyping: z.boolean({ error: 'isTyping doit être un booléen.' }),
  }),
  read: z.object({ type: z.literal('read'), conversationId: id, messageId: id }),
  ping: z.object({ type: z.literal('ping') }),
} satisfies Record<ClientFrame['type'], z.ZodType<ClientFrame>>;

export type FrameParse =
  | { ok: true; frame: ClientFrame }
  | {
      ok: false;
      code: Extract<ErrorCode, 'bad_frame' | 'validation_failed'>;
      message: string;
      clientId?: string;
    };

const badFrame = (message: string): FrameParse => ({ ok: false, code: 'bad_frame', message });

/**
 * Turns raw socket data into a known frame. Non-text, oversized, non-JSON and
 * unknown types are `bad_frame`; a known type with bad fields is `validation_failed`.
 */
export function parseClientFrame(data: unknown): FrameParse {
  if (typeof data !== 'string') return badFrame('Seuls les messages texte JSON sont acceptés.');
  if (exceedsBytes(data, MAX_FRAME_BYTES))
    return badFrame('Message trop volumineux (16 Kio au plus).');
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return badFrame('JSON invalide.');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return badFrame('Un objet JSON est attendu.');
  const type = (json as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(frameSchemas, type))
    return badFrame('Type de message inconnu.');
  const parsed = frameSchemas[type as ClientFrame['type']].safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const clientId = (json as { clientId?: unknown }).clientId;
  return {
    ok: false,
    code: 'validation_failed',
    message: parsed.error.issues[0]?.message ?? 'Message invalide.',
    ...(typeof clientId === 'string' && clientId.length <= MAX_CLIENT_ID_CHARS ? { clientId } : {}),
  };
}
