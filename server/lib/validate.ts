import type { TSchema } from 'typebox';
import { Settings } from 'typebox/system';
import { Value } from 'typebox/value';

export type FieldErrors = Record<string, string>;

/** Every validation error, not just TypeBox's default first eight, so a form or config names all its bad fields. */
export function allErrors(schema: TSchema, value: unknown) {
  const previous = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: Number.MAX_SAFE_INTEGER });
  try {
    return [...Value.Errors(schema, value)];
  } finally {
    Settings.Set({ maxErrors: previous });
  }
}

/** Validates form input against the same schema the API uses; errors are keyed by field path. */
export function validateInput<T>(schema: TSchema, input: unknown): { value: T } | { errors: FieldErrors } {
  const converted = Value.Convert(schema, Value.Clone(input));
  const errors: FieldErrors = {};
  for (const error of allErrors(schema, converted)) {
    const missing =
      error.keyword === 'required' ? (error.params as { requiredProperties?: string[] }) : undefined;
    const paths = missing?.requiredProperties?.length
      ? missing.requiredProperties.map((p) => `${error.instancePath}/${p}`)
      : [error.instancePath];
    for (const path of paths) {
      const field = path.replace(/^\//, '').replaceAll('/', '.') || 'form';
      errors[field] ??= humanMessage(error.keyword, error.message, error.params);
    }
  }
  return Object.keys(errors).length ? { errors } : { value: converted as T };
}

const PATTERN_HINTS: Record<string, string> = {
  '\\S': 'must not be blank',
  '^[A-Za-z]{2}$': 'must be a two-letter ISO country code, like GB',
  '^[A-Za-z]{2}[A-Za-z0-9]{9}[0-9]$': 'must be a 12-character ISIN, like US5949181045',
  '^https?://\\S+$': 'must be a web address starting with https://',
};

function humanMessage(keyword: string, fallback: string, params: object): string {
  const p = params as Record<string, unknown>;
  switch (keyword) {
    case 'required':
      return 'is required';
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters`;
    case 'maxLength':
      return `must be at most ${p.limit} characters`;
    case 'format':
      return p.format === 'email' ? 'must be a valid email address' : `must be a valid ${p.format}`;
    case 'pattern':
      return PATTERN_HINTS[String(p.pattern)] ?? fallback;
    case 'type':
      return [p.type].flat().some((t) => t === 'number' || t === 'integer') ? 'must be a number' : fallback;
    case 'minimum':
      return `must be at least ${p.limit}`;
    case 'anyOf':
    case 'const':
    case 'enum':
      return 'is not one of the allowed values';
    default:
      return fallback;
  }
}
