import { ROLES, type Role } from '../domain/vocabulary.js';

export type { Role };
export { ROLES };

/** Who may call a route: `public` for anyone, otherwise the lowest role allowed. */
export type Access = 'public' | Role;

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

export function roleBelow(minimum: Role): Role | undefined {
  const index = ROLES.indexOf(minimum);
  return index > 0 ? ROLES[index - 1] : undefined;
}
