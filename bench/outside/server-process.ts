/**
 * The real `docket serve` process on a given database, as an operator starts it: its own Node
 * process, production views, scheduled jobs running. Reads the process's peak RSS from /proc.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCKET = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'docket.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function serverEnv(databasePath: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_PATH: databasePath,
    PORT: String(port),
    HOST: '127.0.0.1',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret!',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
}

/** Runs one `docket` command to completion and returns its output. */
export function docket(args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(process.execPath, [DOCKET, ...args], { env, encoding: 'utf8' });
}

export interface RunningServer {
  url: string;
  pid: number;
  startedAt: number;
  /** Waits until the process (all its threads, the jobs worker too) has been idle for a second. */
  waitUntilIdle(): Promise<void>;
  /** Peak resident set size of the server process so far (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

export async function startDocketServer(databasePath: string): Promise<RunningServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [DOCKET, 'serve'], {
    env: serverEnv(databasePath, port),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const startedAt = performance.now();
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Docket is running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`docket serve exited with ${code}: ${output}`)));
  });
  const pid = child.pid!;
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    startedAt,
    async waitUntilIdle() {
      const cpuTicks = () => {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (1/100 s)
      };
      const deadline = performance.now() + 180_000;
      let quietSamples = 0;
      let last = cpuTicks();
      while (quietSamples < 2 && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const now = cpuTicks();
        quietSamples = now - last <= 3 ? quietSamples + 1 : 0;
        last = now;
      }
    },
    peakRssMb() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
