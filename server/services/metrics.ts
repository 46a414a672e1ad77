/** Rates with their denominators and a Wilson 95% interval (DOMAIN §4). */
export interface Rate {
  value: number | null;
  numerator: number;
  denominator: number;
  interval: [number, number] | null;
  /** Fewer than 5 in the denominator: read with care. */
  small: boolean;
}

const Z = 1.96;

export function wilsonInterval(successes: number, n: number): [number, number] | null {
  if (n === 0) return null;
  const p = successes / n;
  const denominator = 1 + (Z * Z) / n;
  const centre = (p + (Z * Z) / (2 * n)) / denominator;
  const half = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export function rate(numerator: number, denominator: number): Rate {
  return {
    value: denominator === 0 ? null : numerator / denominator,
    numerator,
    denominator,
    interval: wilsonInterval(numerator, denominator),
    small: denominator < 5,
  };
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The response rate in words, as every page that shows it states it (DOMAIN §4). */
export const RESPONSE_RATE_DEFINITION =
  'Response rate: companies that sent a substantive answer, a holding reply or an explicit refusal, out of the companies the letter reached (letters that bounced are left out; automatic replies do not count).';
