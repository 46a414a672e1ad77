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
  }: { seconds: number; warmupSeconds: number; connections?: number },
): Promise<LoadFigures> {
  // A slow page should show as slow, not as timeouts: wait up to a minute for each answer.
  const timeout = 60;
  if (warmupSeconds > 0) await autocannon({ url, headers, connections, duration: warmupSeconds, timeout });
  const result = await autocannon({ url, headers, connections, duration: seconds, timeout });
  return {
    reqPerSec: Number(result.requests.average.toFixed(1)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}
