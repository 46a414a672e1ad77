// Worker-thread entry when running from the TypeScript sources: a worker does not inherit the
// main thread's tsx loader (bin/docket.js registers it there), so this loads the server through it.
import { tsImport } from 'tsx/esm/api';

await tsImport('./serve-worker-main.ts', import.meta.url);
