import { Type } from 'typebox';

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
