import { afterAll } from 'vitest';
import { closeTestApps } from './helper.js';

afterAll(closeTestApps);
