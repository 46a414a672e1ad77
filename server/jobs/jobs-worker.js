// Worker-thread entry: loads the TypeScript job runner through tsx, which a worker does not inherit
// from the process that started it (bin/docket.js registers tsx for the main thread only).
import { tsImport } from 'tsx/esm/api';

await tsImport('./jobs-worker-main.ts', import.meta.url);
