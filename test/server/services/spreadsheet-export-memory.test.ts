import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UserRow } from '../../../db/repositories/index.js';
import { fixedClock } from '../../../server/lib/clock.js';
import type { SpreadsheetFile } from '../../../server/services/spreadsheet-export-service.js';
import { buildTestApp, createUser, type TestApp } from '../../helper.js';
import { insertLargeBoard } from './fixtures/large-board.js';

// A full collection before each sample measures what the export holds, not garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;
const ROWS = 100_000;
/**
 * Generous for a streamed export: it holds a chunk of 2,000 rows and the buffers between it and the
 * reader (4 to 11 MB measured here). The export built in memory held every row and the whole file:
 * 33 MB (CSV) and 80 MB (XLSX) by this measure when exports began to stream. Without waiting for
 * exceljs' compressor, a slow reader let 52 MB of sheet XML pile up.
 */
const BOUND_MB = 24;

/**
 * Reads the export as a client would (`delayMs` per write: a slow one) and returns the most heap
 * (with the buffers outside it) the export held above where it started. Each sample follows a full
 * collection, so it counts what is held, not garbage not yet collected: when the export is handed
 * over (an export built in memory holds the whole file then), every second, and at every megabyte read.
 */
async function heapGrowthMb(exportFile: () => SpreadsheetFile, { delayMs = 0 } = {}) {
  const held = () => {
    gc();
    const memory = process.memoryUsage();
    return memory.heapUsed + memory.arrayBuffers;
  };
  const baseline = held();
  let peak = baseline;
  const sample = () => {
    peak = Math.max(peak, held());
  };
  const timer = setInterval(sample, 1000);
  let bytes = 0;
  let nextSample = MB;
  try {
    const file = exportFile();
    sample();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (bytes >= nextSample) {
          nextSample += MB;
          sample();
        }
        if (delayMs) setTimeout(callback, delayMs);
        else callback();
      },
    });
    await pipeline(file.body, sink);
  } finally {
    clearInterval(timer);
  }
  return { growthMb: Math.round((peak - baseline) / MB), bytes };
}

describe(`exporting a board of ${ROWS.toLocaleString('en')} rows`, () => {
  let app: TestApp;
  let campaignId: number;
  let user: UserRow;

  beforeAll(async () => {
    app = await buildTestApp({ clock: fixedClock('2026-06-01T09:00:00Z') });
    campaignId = insertLargeBoard(app, { rows: ROWS, today: '2026-06-01' }).id;
    user = await createUser(app, 'coordinator');
    // exceljs loads with the first workbook; its code is not the export's memory.
    await pipeline(
      app.services.spreadsheets.statistics(campaignId, user, 'xlsx').body,
      new Writable({ write: (_c, _e, cb) => cb() }),
    );
  });

  it.each([
    ['csv', 0, 10_000_000],
    ['xlsx', 0, 4_000_000],
    // A slow reader: the writer waits for it instead of piling the file up in memory.
    ['xlsx', 6, 4_000_000],
  ] as const)('as %s (a reader taking %i ms a write) holds a bounded heap', async (format, delayMs, minBytes) => {
    const { growthMb, bytes } = await heapGrowthMb(
      () => app.services.spreadsheets.board(campaignId, { sort: 'due' }, user, format),
      { delayMs },
    );
    expect(bytes).toBeGreaterThan(minBytes);
    expect(growthMb).toBeLessThan(BOUND_MB);
  });
});
