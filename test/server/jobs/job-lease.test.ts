import { afterEach, describe, expect, it, vi } from 'vitest';
import { SCHEDULER_LEASE, startJobScheduler } from '../../../server/jobs/scheduler.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { buildTestApp } from '../../helper.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the scheduler lease', () => {
  it('lets one holder run jobs until its lease expires; renewing extends it; release frees it', async () => {
    const app = await buildTestApp();
    const leases = app.repos.jobLeases;
    const t = (s: number) => new Date(Date.UTC(2026, 2, 2, 9, 0, s)).toISOString();
    expect(leases.acquire('jobs', 'a', t(0), t(60))).toBe(true);
    expect(leases.acquire('jobs', 'b', t(10), t(70))).toBe(false);
    expect(leases.acquire('jobs', 'a', t(30), t(90))).toBe(true);
    expect(leases.acquire('jobs', 'b', t(80), t(140))).toBe(false);
    expect(leases.acquire('jobs', 'b', t(90), t(150))).toBe(true);
    expect(leases.find('jobs')).toMatchObject({ holder: 'b', expiresAt: t(150) });
    leases.release('jobs', 'a');
    expect(leases.find('jobs')?.holder).toBe('b');
    leases.release('jobs', 'b');
    expect(leases.find('jobs')).toBeUndefined();
  });

  it('runs the due jobs in only one of two schedulers on the same database, and releases the lease on stop', async () => {
    const clock = fixedClock('2026-03-02T09:00:00.000Z');
    const app = await buildTestApp({ clock });
    const schedulerDeps = () => ({ clock, leases: app.repos.jobLeases, jobs: app.jobs, log: app.log });
    // The schedulers tick on timers: advance them instead of sleeping.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const first = startJobScheduler(schedulerDeps(), { tickMs: 20, holder: 'first' });
    await vi.advanceTimersByTimeAsync(100);
    const second = startJobScheduler(schedulerDeps(), { tickMs: 20, holder: 'second' });
    await vi.advanceTimersByTimeAsync(100);
    expect(app.repos.jobLeases.find(SCHEDULER_LEASE)?.holder).toBe('first');
    await first.stop();
    expect(app.repos.jobLeases.find(SCHEDULER_LEASE)?.holder ?? 'second').toBe('second');
    await vi.advanceTimersByTimeAsync(100);
    expect(app.repos.jobLeases.find(SCHEDULER_LEASE)?.holder).toBe('second');
    await second.stop();
    expect(app.repos.jobLeases.find(SCHEDULER_LEASE)).toBeUndefined();
  });
});
