const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$|^[^\s@<>()",;:]+@localhost$/;

/** A plain mailbox address (no display name): `name@example.org`, or `name@localhost`. */
export function isEmailAddress(value: string): boolean {
  return ADDRESS.test(value.trim());
}
