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
  error: Type.String({ description: 'the HTTP reason phrase' }),
  message: Type.String({ description: 'what went wrong; a bad field is named first ("body/name: …")' }),
  code: Type.Optional(
    Type.String({ description: 'a stable code, e.g. VALIDATION_FAILED, NOT_FOUND, CONFLICT' }),
  ),
});

/** The client errors a JSON operation can answer, each with what it means there. */
export const ERROR_MEANINGS = {
  400: 'Bad input: `message` names the field',
  401: 'Not logged in, or the API token is not valid',
  403: 'Your role (or your organization) does not allow this',
  404: 'No such record (the id in the path, or one the body refers to)',
  409: 'Not allowed in the current state, or a duplicate',
  413: 'The request body is too large',
  415: 'The body is not JSON',
} as const;
export type ErrorCode = keyof typeof ERROR_MEANINGS;

/**
 * The error responses of an operation, all with the shared Error schema:
 * `response: { 200: CompanySchema, ...errors(400, 401, 403, 404) }`.
 */
export function errors<const C extends ErrorCode>(...codes: C[]): Record<C, typeof ErrorSchema> {
  return Object.fromEntries(
    codes.map((code) => [code, { ...ErrorSchema, description: ERROR_MEANINGS[code] }]),
  ) as unknown as Record<C, typeof ErrorSchema>;
}

/** The body errors of an operation that takes a JSON body: bad field, too large, not JSON. */
export const BODY_ERRORS = [400, 413, 415] as const;

/** A 204 answer: done, no body. */
export const NoContentSchema = Type.Null({ description: 'Done; no content' });

/** A JSON answer with a description for the document: `ok(CompanySchema, 'The company')`. */
export function ok<T extends object>(schema: T, description: string): T {
  return { ...schema, description };
}

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** An instant stamped by the server's clock (ISO 8601, UTC). */
export const TimestampSchema = Type.String({ format: 'date-time' });

/** A page of a list: the items, how many match in all, and the page asked for. */
export function PageOf<T extends Parameters<typeof Type.Array>[0]>(items: T) {
  return Type.Object({
    items: Type.Array(items),
    total: Type.Integer({ description: 'how many match in all' }),
    limit: Type.Integer(),
    offset: Type.Integer(),
  });
}

/** A download: the file in the given media type, documented as binary. */
export function fileResponse(contentType: string, description: string) {
  return { description, content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } };
}
