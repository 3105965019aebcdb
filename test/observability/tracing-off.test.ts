// Tracing off costs nothing: without OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT a process runs workflows with the no-op
// telemetry and loads no OpenTelemetry module; with it, the SDK is loaded (the probe can tell the two apart).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { tracingEnabled } from '@/lib/observability/tracing-env';
import { startTraceReceiver } from './trace-receiver';

const PROBE = path.join(import.meta.dirname, 'trace-off-probe.ts');

/** Runs the probe in a fresh Node process with `env` added (OTEL_* variables of this process removed). */
async function probe(env: Record<string, string>): Promise<{ status: string; telemetry: string; openTelemetryModules: number }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
  const child = spawn(process.execPath, ['--import', 'tsx', PROBE], { env: { ...base, ...env } as NodeJS.ProcessEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code, stderr).toBe(0);
  expect(stderr).toBe('');
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('tracing switched by the environment', () => {
  test('off without an OTLP endpoint: no-op telemetry, no OpenTelemetry module loaded', async () => {
    expect(await probe({})).toEqual({ status: 'COMPLETED', telemetry: 'none', openTelemetryModules: 0 });
  });

  test('on with OTEL_EXPORTER_OTLP_ENDPOINT: the SDK is loaded, and the process exports its spans when it stops', async () => {
    const receiver = await startTraceReceiver();
    try {
      const on = await probe({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
      expect(on).toMatchObject({ status: 'COMPLETED', telemetry: 'tracing' });
      expect(on.openTelemetryModules).toBeGreaterThan(0);
      expect(receiver.spans.map((s) => s.name).sort()).toEqual(['POST', 'workflow one', 'workflow step one']);
      expect(new Set(receiver.spans.map((s) => s.serviceName))).toEqual(new Set(['flowdeck']));
    } finally {
      await receiver.close();
    }
  });

  test('which variables turn it on, and which keep it off', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
  });
});
