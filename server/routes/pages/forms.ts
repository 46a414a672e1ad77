import type { FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { AppError } from '../../errors.js';
import { wordedAppError } from '../../lib/form-messages.js';
import { validateInput } from '../../lib/validate.js';

/** What an urlencoded form posts: each field a string, or a list of strings for repeated fields. */
export const FormBodySchema = Type.Record(
  Type.String(),
  Type.Union([
    Type.String({ maxLength: 100_000 }),
    Type.Array(Type.String({ maxLength: 100_000 }), { maxItems: 200 }),
  ]),
);
export type FormBody = Record<string, string | string[]>;

export function field(body: FormBody, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

export function fieldList(body: FormBody, name: string): string[] {
  const value = body[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim());
}

/** A form field that may be left blank: blank becomes undefined (create) or null (edit clears it). */
export function optionalField(body: FormBody, name: string): string | null {
  const value = field(body, name);
  return value === '' ? null : value;
}

/**
 * Runs a form's action and tells the person how it went: the success message it returns, or the
 * reason a 4xx refused it. Anything else is a bug and goes to the error handler. True on success.
 */
export function flashOutcome(request: FastifyRequest, action: () => string): boolean {
  try {
    request.flash('success', action());
    return true;
  } catch (error) {
    if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
    request.flash('error', wordedAppError(error));
    return false;
  }
}

/** Validates form input against the API's schema; the first problem is refused as a 400 naming its field. */
export function requireValid<T>(schema: TSchema, input: unknown): T {
  const result = validateInput<T>(schema, input);
  if ('errors' in result) {
    const [field, message] = Object.entries(result.errors)[0]!;
    throw new AppError(`${field}: ${message}`, 400, 'VALIDATION_FAILED', field, message);
  }
  return result.value;
}
