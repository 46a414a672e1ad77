import { formatPercent } from './numbers.js';
import { plural } from './words.js';

/**
 * Geometry of the server-rendered SVG charts (statistics page). Only numbers and plain text come
 * out of here; the views draw them with escaped Handlebars, so names typed by users stay text.
 */

export interface RateRow {
  name: string;
  rate: { value: number | null; numerator: number; denominator: number; interval: [number, number] | null };
}

export interface RateBar {
  name: string;
  /** The name as drawn (long names shortened; the full name is in the bar's title and the table). */
  shortName: string;
  value: number | null;
  valueText: string;
  /** "11 of 20 (55%)": the bar's accessible text. */
  text: string;
  y: number;
  textY: number;
  width: number;
  whisker: { x1: number; x2: number } | null;
  valueX: number;
}

export interface RateChart {
  width: number;
  height: number;
  plotX: number;
  plotWidth: number;
  barHeight: number;
  axisY: number;
  ticks: { x: number; label: string }[];
  bars: RateBar[];
  /** The text alternative: every bar in words. */
  description: string;
}

const WIDTH = 640;
const LABEL_WIDTH = 200;
const VALUE_WIDTH = 120;
const ROW = 30;
const BAR = 18;
const TOP = 8;
const AXIS = 24;

const round = (n: number) => Math.round(n * 10) / 10;

export function shorten(name: string, max = 24): string {
  return name.length <= max ? name : `${name.slice(0, max - 1).trimEnd()}…`;
}

/** Horizontal bars from 0% to 100%, with the 95% interval as a whisker. */
export function rateChart(rows: RateRow[], subject: string): RateChart {
  const plotX = LABEL_WIDTH;
  const plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const bars = rows.map((row, i): RateBar => {
    const y = TOP + i * ROW;
    const value = row.rate.value;
    const width = value === null ? 0 : round(value * plotWidth);
    const valueText = formatPercent(value);
    const text =
      value === null
        ? `${row.name}: no letter arrived`
        : `${row.name}: ${valueText} (${row.rate.numerator} of ${row.rate.denominator})`;
    return {
      name: row.name,
      shortName: shorten(row.name),
      value,
      valueText: value === null ? '—' : `${valueText} (${row.rate.numerator}/${row.rate.denominator})`,
      text,
      y,
      textY: y + BAR / 2 + 5,
      width,
      whisker: row.rate.interval
        ? {
            x1: round(plotX + row.rate.interval[0] * plotWidth),
            x2: round(plotX + row.rate.interval[1] * plotWidth),
          }
        : null,
      valueX: plotX + plotWidth + 8,
    };
  });
  const axisY = TOP + rows.length * ROW;
  return {
    width: WIDTH,
    height: axisY + AXIS,
    plotX,
    plotWidth,
    barHeight: BAR,
    axisY,
    ticks: [0, 0.25, 0.5, 0.75, 1].map((t) => ({ x: round(plotX + t * plotWidth), label: formatPercent(t) })),
    bars,
    description: `Response rate ${subject}. ${bars.map((b) => b.text).join('; ')}.`,
  };
}

export interface Bucket {
  label: string;
  count: number;
}

export interface HistogramBar extends Bucket {
  x: number;
  y: number;
  width: number;
  height: number;
  centreX: number;
  countY: number;
}

export interface Histogram {
  width: number;
  height: number;
  baseY: number;
  plotHeight: number;
  bars: HistogramBar[];
  description: string;
}

/** Vertical bars, one per bucket, scaled to the largest count. */
export function histogram(buckets: Bucket[], subject: string): Histogram {
  const top = 20;
  const plotHeight = 160;
  const baseY = top + plotHeight;
  const left = 10;
  const slot = (WIDTH - 2 * left) / Math.max(1, buckets.length);
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const bars = buckets.map((b, i): HistogramBar => {
    const height = round((b.count / max) * plotHeight);
    const x = round(left + i * slot + slot * 0.15);
    const width = round(slot * 0.7);
    return {
      ...b,
      x,
      y: round(baseY - height),
      width,
      height,
      centreX: round(x + width / 2),
      countY: round(baseY - height - 5),
    };
  });
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  return {
    width: WIDTH,
    height: baseY + 28,
    baseY,
    plotHeight,
    bars,
    description: `${subject}, ${plural(total, 'response')}. ${bars
      .map((b) => `${b.label}: ${b.count}`)
      .join('; ')}.`,
  };
}
