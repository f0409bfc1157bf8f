import type { Context, ValidationTargets } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { zValidator } from '@hono/zod-validator';
import type { ZodType } from 'zod';

export type ErrorBody = {
  error: { code: string; message: string; fields?: Record<string, string> };
};

const MESSAGES: Record<string, string> = {
  validation_failed: 'Certaines informations sont invalides.',
  unauthenticated: 'Veuillez vous connecter.',
  forbidden: 'Vous n’avez pas accès à cette ressource.',
  forbidden_origin: 'Origine de la requête refusée.',
  email_not_verified: 'Veuillez d’abord confirmer votre adresse e-mail.',
  not_found: 'Ressource introuvable.',
  payload_too_large: 'Requête trop volumineuse.',
  rate_limited: 'Trop de tentatives. Réessayez plus tard.',
  invalid_credentials: 'E-mail ou mot de passe incorrect.',
  invalid_token: 'Ce lien est invalide ou a expiré.',
  idempotency_conflict: 'Cette clé d’idempotence a déjà servi pour une autre requête.',
  internal_error: 'Une erreur interne est survenue.',
  unavailable:
    'Enregistrement impossible pour le moment, rien n’a été enregistré. Réessayez dans un instant.',
};

export function errorBody(
  code: string,
  message?: string,
  fields?: Record<string, string>,
): ErrorBody {
  return {
    error: { code, message: message ?? MESSAGES[code] ?? code, ...(fields ? { fields } : {}) },
  };
}

/** Answers with the contract's error shape. */
export function fail(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message?: string,
  fields?: Record<string, string>,
) {
  return c.json(errorBody(code, message, fields), status);
}

/** Validation at the edge: a zod schema for one request part, answering 400 validation_failed. */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result, c) => {
    if (result.success) return;
    const fields: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const key = issue.path.length ? issue.path.join('.') : '_';
      fields[key] ??= issue.message;
    }
    return fail(c, 400, 'validation_failed', undefined, fields);
  });
}
