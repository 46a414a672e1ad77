/** One autocannon measurement after a warm-up: throughput, latency percentiles and failures. */
import autocannon from 'autocannon';

export interface LoadFigures {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export async function measureLoad(
  url: string,
  headers: Record<string, string>,
  {
    seconds,
    warmupSeconds,
    connections = 10,
    paths,
  }: {
    seconds: number;
    warmupSeconds: number;
    connections?: number;
    /** Each request takes the next of these paths (on `url`'s host), instead of `url` every time. */
    paths?: string[];
  },
): Promise<LoadFigures> {
  // A slow page should show as slow, not as timeouts: wait up to a minute for each answer.
  const timeout = 60;
  let next = 0;
  const requests = paths && [
    { setupRequest: (request: object) => ({ ...request, path: paths[next++ % paths.length] }) },
  ];
  const options = { url, headers, connections, timeout, ...(requests && { requests }) };
  if (warmupSeconds > 0) await autocannon({ ...options, duration: warmupSeconds });
  const result = await autocannon({ ...options, duration: seconds });
  return {
    reqPerSec: Number(result.requests.average.toFixed(1)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}
