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

/**
 * The median of `count` values, given the value at each rank in ascending order: the middle value,
 * or the mean of the two middle values when the count is even. Both medians below use this rule.
 */
function middleOf(count: number, valueAtRank: (rank: number) => number): number | null {
  if (count === 0) return null;
  const middle = Math.floor(count / 2);
  return count % 2 ? valueAtRank(middle) : (valueAtRank(middle - 1) + valueAtRank(middle)) / 2;
}

export function median(values: number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return middleOf(sorted.length, (rank) => sorted[rank]!);
}

/**
 * The median of values given as a histogram (value → how many times it occurs), equal to `median`
 * of the values written out: statistics keep day counts in one, not one number per dispatch.
 */
export function medianOfHistogram(counts: ReadonlyMap<number, number>): number | null {
  const values = [...counts.keys()].sort((a, b) => a - b);
  let total = 0;
  for (const n of counts.values()) total += n;
  const valueAtRank = (rank: number) => {
    let below = 0;
    for (const value of values) {
      below += counts.get(value)!;
      if (rank < below) return value;
    }
    throw new RangeError(`rank ${rank} is past the ${total} values of the histogram`);
  };
  return middleOf(total, valueAtRank);
}

/** The response rate in words, as every page that shows it states it (DOMAIN §4). */
export const RESPONSE_RATE_DEFINITION =
  'Response rate: companies that sent a substantive answer, a holding reply or an explicit refusal, out of the companies the letter reached (letters that bounced are left out; automatic replies do not count).';
