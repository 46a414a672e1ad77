import { describe, expect, it } from 'vitest';
import { median, medianOfHistogram } from '../../../server/services/metrics.js';
import { seededRandom } from '../../seeded-random.js';

const histogramOf = (values: number[]) => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
};

describe('medianOfHistogram equals median of the values written out', () => {
  it.each([
    { values: [], expected: null },
    { values: [7], expected: 7 },
    { values: [5, 1, 3], expected: 3 },
    { values: [4, 1, 3, 2], expected: 2.5 },
    { values: [2, 2, 2, 9], expected: 2 },
    { values: [1, 1, 4, 4], expected: 2.5 },
    { values: [0, 0, 1], expected: 0 },
    { values: [-3, 5], expected: 1 },
    { values: [10, 3, 3, 3, 3, 10], expected: 3 },
    { values: [1, 2, 2, 3, 3, 3, 100, 100], expected: 3 },
  ])('$values → $expected', ({ values, expected }) => {
    expect(median(values)).toBe(expected);
    expect(medianOfHistogram(histogramOf(values))).toBe(expected);
  });

  it('on 500 random lists of even and odd length, with repeated and negative values', () => {
    const random = seededRandom(20240311);
    let even = 0;
    let odd = 0;
    for (let i = 0; i < 500; i++) {
      const length = 1 + Math.floor(random() * 60);
      const spread = 1 + Math.floor(random() * (i % 2 ? 5 : 200));
      const values = Array.from({ length }, () => Math.floor(random() * spread) - (i % 7 === 0 ? 3 : 0));
      if (length % 2) odd++;
      else even++;
      expect(medianOfHistogram(histogramOf(values)), `values ${values.join(',')}`).toBe(median(values));
    }
    expect(even).toBeGreaterThan(100);
    expect(odd).toBeGreaterThan(100);
  });

  it('ignores the order in which values were first counted', () => {
    const counts = new Map([
      [30, 1],
      [2, 2],
      [11, 1],
    ]);
    expect(medianOfHistogram(counts)).toBe(median([30, 2, 2, 11]));
  });
});
