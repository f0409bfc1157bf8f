/**
 * The one call a guarded route makes: `requireSca(c, action, details, sca)`
 * answers the refusal (403 sca_required / sca_failed, 429) or null when the
 * proof holds for exactly this action and these details (it is then spent).
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { errorBody } from '../http/errors';
import { verifyProof, type ScaAction, type ScaProof } from './sca';
import { relyingParty } from './webauthn';

/** The `sca` member of a guarded request's body (optional: its absence answers sca_required). */
export const scaProofSchema = z
  .object({
    challengeId: z.string().min(1).max(64),
    passkey: z.looseObject({ id: z.string().max(2048) }).optional(),
    code: z
      .string()
      .regex(/^\d{6}$/, 'Code à 6 chiffres.')
      .optional(),
  })
  .optional();

export async function requireSca(
  c: Context<any>, // any route's context (Authed or not)
  action: ScaAction,
  details: Record<string, string | number>,
  sca: unknown,
): Promise<Response | null> {
  const parsed = scaProofSchema.safeParse(sca);
  const proof = parsed.success ? (parsed.data as ScaProof | undefined) : undefined;
  const vars = c.var as AppEnv['Variables'];
  if (!vars.user) return c.json(errorBody('unauthenticated'), 401);
  const result = await verifyProof(
    vars.platform,
    vars.user,
    relyingParty(c),
    action,
    details,
    proof,
  );
  if (result.ok) return null;
  if (result.retryAfterMs)
    c.header('Retry-After', String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))));
  const body = errorBody(result.code, result.message);
  if (result.remainingAttempts !== undefined)
    Object.assign(body.error, { remainingAttempts: result.remainingAttempts });
  return c.json(body, result.status);
}
