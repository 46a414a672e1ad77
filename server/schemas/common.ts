import { Type } from 'typebox';

export const IdParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const PageQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  archived: Type.Optional(Type.Boolean({ description: 'true: archived ones only' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});

/** A display name: 1–200 characters with at least one that is not white space. */
export const NameSchema = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });

export const CountryCodeSchema = Type.String({
  pattern: '^[A-Za-z]{2}$',
  description: 'ISO 3166-1 alpha-2 country code',
});
export const DateSchema = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const EmailSchema = Type.String({ format: 'email', maxLength: 254 });

export const ErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  code: Type.Optional(Type.String()),
});
