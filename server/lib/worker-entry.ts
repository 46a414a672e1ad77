/**
 * A worker thread's entry module, next to `from` (the caller's import.meta.url): the compiled
 * `<name>-main.js` when the caller runs from dist/, otherwise the shim `<name>.js`, which loads
 * `<name>-main.ts` through tsx (a worker does not inherit the main thread's loader).
 */
export function workerEntry(from: string, name: string): URL {
  return new URL(from.endsWith('.ts') ? `./${name}.js` : `./${name}-main.js`, from);
}
