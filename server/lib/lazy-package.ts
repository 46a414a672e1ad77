import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package loaded on first use instead of at start-up, still synchronously: a process
 * that never parses mail or draws a holiday calendar does not carry those packages in memory (the
 * web server, the jobs worker and each CLI command use different parts of the app).
 */
export function lazyPackage<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}
