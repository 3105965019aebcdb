// The claim loops while the database is down: they back off (exponential, jittered, capped at a few seconds),
// log the outage once when it begins and once when it ends (one outage for all the loops of a runtime), and
// stop promptly even while backing off. Claims that fail on purpose stand in for the database (a pure unit).
import { describe, expect, test } from 'vitest';
import { BACKOFF_FIRST_MS, BACKOFF_MAX_MS, claimBackoffMs, ClaimLoop } from '@/lib/engine/claim-loop';
import { createEngineLog, type EngineLog } from '@/lib/engine/logs';

/** An engine log whose text lines are kept. */
function recordingLog(): { log: EngineLog; lines: string[] } {
  const lines: string[] = [];
  return { log: createEngineLog({ format: 'text', level: 'info', sink: (_level, line) => lines.push(line) }), lines };
}

/** A loop whose first `failures` claims throw; records when each claim was made. */
function flakyLoop(log: EngineLog, failures: number, what = 'workflow work') {
  const attempts: number[] = [];
  const loop = new ClaimLoop<never>(
    {
      what,
      maxInFlight: 10,
      batchSize: 10,
      pollIntervalMs: 20,
      claim: async () => {
        attempts.push(Date.now());
        if (attempts.length <= failures) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        return [];
      },
      handle: async () => undefined,
    },
    log,
  );
  return { loop, attempts };
}

const until = async (check: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('claim loops during a database outage', () => {
  test('the back-off doubles from the first pause to the cap, each pause jittered to 50-100 % of its step', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => claimBackoffMs(n, () => 1))).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
    expect([1, 5, 20].map((n) => claimBackoffMs(n, () => 0))).toEqual([50, 800, 1000]);
    expect(BACKOFF_FIRST_MS).toBe(100);
    expect(BACKOFF_MAX_MS).toBeLessThanOrEqual(2_000); // work resumes within 5 s of the database being back
  });

  test('failed claims back off longer each time; the outage is logged once when it begins and once when it ends', async () => {
    const { log, lines } = recordingLog();
    const { loop, attempts } = flakyLoop(log, 4);
    loop.start();
    await until(() => attempts.length >= 6, 5_000);
    await loop.stop();
    const pauses = attempts.slice(1, 5).map((at, i) => at - attempts[i]);
    pauses.forEach((pause, i) => expect(pause).toBeGreaterThanOrEqual(BACKOFF_FIRST_MS * 2 ** i * 0.5 - 5));
    expect(pauses[3]).toBeGreaterThan(pauses[0]);
    expect(lines.filter((l) => /FD1201 database-outage-began/.test(l))).toEqual([
      expect.stringMatching(/claiming workflow work failed: the database is unavailable; work pauses until it is back: connect ECONNREFUSED/),
    ]);
    expect(lines.filter((l) => /FD1202 database-outage-ended/.test(l))).toEqual([expect.stringMatching(/the database is available again after \d+\.\d s; work resumes .*durationMs=\d+/)]);
    expect(lines).toHaveLength(2); // nothing per failed claim
  });

  test('the loops of one runtime (one log) report one outage, ended when the last of them claims again', async () => {
    const { log, lines } = recordingLog();
    const workflows = flakyLoop(log, 2, 'workflow work');
    const activities = flakyLoop(log, 4, 'activity tasks');
    workflows.loop.start();
    activities.loop.start();
    await until(() => workflows.attempts.length >= 3, 5_000);
    expect(lines.filter((l) => /FD1202/.test(l))).toEqual([]); // the activity loop still fails
    await until(() => activities.attempts.length >= 5, 5_000);
    await Promise.all([workflows.loop.stop(), activities.loop.stop()]);
    expect(lines.map((l) => l.match(/FD120\d/)?.[0])).toEqual(['FD1201', 'FD1202']);
  });

  test('stop() ends a back-off at once', async () => {
    const { log } = recordingLog();
    const { loop, attempts } = flakyLoop(log, 1_000);
    loop.start();
    await until(() => attempts.length >= 6, 10_000); // now backing off for up to a second or more
    const stopping = Date.now();
    await loop.stop();
    expect(Date.now() - stopping).toBeLessThan(200);
  });
});
