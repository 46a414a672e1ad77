/** A share as a percentage with one decimal (0.224 → "22.4%"); "—" when there is none. */
export function formatPercent(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${Math.round(value * 1000) / 10}%` : '—';
}
