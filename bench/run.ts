/**
 * `npm run bench`: runs every bench/*.bench.ts file, prints its figures and writes them to
 * bench/results.json. Each file exports `run()`, which measures its own baseline in the same run
 * and reports ratios against it, so figures compare across machines.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
// `npm run bench -- pages --dispatches 1000000 --seconds 10`: names select benchmarks, options go to them.
const { values: options, positionals: only } = parseArgs({
  allowPositionals: true,
  options: {
    dispatches: { type: 'string' },
    seconds: { type: 'string' },
    'warmup-seconds': { type: 'string' },
    case: { type: 'string' },
  },
});
const benchOptions = {
  dispatches: options.dispatches ? Number(options.dispatches) : undefined,
  seconds: options.seconds ? Number(options.seconds) : undefined,
  warmupSeconds: options['warmup-seconds'] ? Number(options['warmup-seconds']) : undefined,
  only: options.case,
};
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();

// Running only some benchmarks keeps the others' last figures.
const resultsFile = join(here, 'results.json');
const previous =
  only.length && existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>)
    : {};
const results: Record<string, unknown> = {
  ...previous,
  measuredAt: new Date().toISOString(),
  node: process.version,
  loadAverageAtStart: loadavg().map((n) => Number(n.toFixed(2))),
};
let failed = false;
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  console.log(`\n== ${name}`);
  const module = (await import(pathToFileURL(join(here, file)).href)) as {
    run: (options: typeof benchOptions) => Promise<Record<string, unknown> & { pass?: boolean }>;
  };
  const figures = await module.run(benchOptions);
  // Runs at another size than the default keep their own entry, so all sizes sit side by side.
  const key = name === 'pages' && benchOptions.dispatches ? `pages@${benchOptions.dispatches}` : name;
  results[key] = figures;
  console.log(JSON.stringify(figures, null, 2));
  if (figures.pass === false) failed = true;
}
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote bench/results.json${failed ? ' — a target was missed' : ''}`);
process.exit(failed ? 1 : 0);
