// Worker-thread entry: loads the TypeScript job runner through tsx, as bin/docket.js does.
import { register } from 'tsx/esm/api';

register();
await import('./jobs-worker-main.ts');
