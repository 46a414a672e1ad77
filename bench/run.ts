/**
 * `npm run bench`: runs every bench/*.bench.ts file, prints its figures and writes them to
 * bench/results.json. Each file exports `run()`, which measures its own baseline in the same run
 * and reports ratios against it, so figures compare across machines.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
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
};
let failed = false;
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  console.log(`\n== ${name}`);
  const module = (await import(pathToFileURL(join(here, file)).href)) as {
    run: () => Promise<Record<string, unknown> & { pass?: boolean }>;
  };
  const figures = await module.run();
  results[name] = figures;
  console.log(JSON.stringify(figures, null, 2));
  if (figures.pass === false) failed = true;
}
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote bench/results.json${failed ? ' — a target was missed' : ''}`);
process.exit(failed ? 1 : 0);
