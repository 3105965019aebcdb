import { describe, expect, it } from 'vitest';
import type { EngineLogger } from './logs';
import { createEngineLog, engineLogFromLogger, LOG_EVENTS, traceIdOf, type EngineLogOptions, type LogLevel } from './logs';

const NOW = new Date('2026-01-05T09:00:00.000Z');

function capture(options: EngineLogOptions = {}) {
  const lines: { level: LogLevel; line: string }[] = [];
  const log = createEngineLog({ env: {}, terminal: false, now: () => NOW, sink: (level, line) => lines.push({ level, line }), ...options });
  return { log, lines };
}

function leaseLost(): Error {
  const error = new Error("instance 'order-1' is leased by w2");
  error.name = 'LeaseLostError';
  return error;
}

describe('engine logs', () => {
  it('writes a readable [flowdeck] line with the message ID, the fields and the error message', () => {
    const { log, lines } = capture();
    log.event('lease-lost', { instanceId: 'order-1', workflowName: 'Order Processing', workerId: 'w1', error: leaseLost() });
    expect(lines).toEqual([
      {
        level: 'warn',
        line:
          "[flowdeck] a workflow step was discarded: its lease moved to another worker: instance 'order-1' is leased by w2 " +
          '(FD1001 lease-lost instanceId=order-1 workflowName="Order Processing" workerId=w1)',
      },
    ]);
  });

  it('writes one valid JSON object per line when FLOWDECK_LOG_FORMAT=json', () => {
    const { log, lines } = capture({ env: { FLOWDECK_LOG_FORMAT: 'json' } });
    log.event('step-failed', { instanceId: 'a "quoted"\nid', workflowName: 'wf', workerId: 'w1', error: new TypeError('bad\nthing') });
    log.event('worker-started', { worker: 'activity', workerId: 'w1' });
    expect(lines.map((l) => l.level)).toEqual(['error', 'info']);
    for (const { line } of lines) expect(line).not.toContain('\n');
    expect(JSON.parse(lines[0].line)).toEqual({
      time: '2026-01-05T09:00:00.000Z',
      level: 'error',
      id: 'FD1002',
      event: 'step-failed',
      message: 'a workflow step failed; it will be retried',
      instanceId: 'a "quoted"\nid',
      workflowName: 'wf',
      workerId: 'w1',
      error: { name: 'TypeError', message: 'bad\nthing' },
    });
    expect(JSON.parse(lines[1].line)).toMatchObject({ id: 'FD1101', event: 'worker-started', worker: 'activity', workerId: 'w1' });
  });

  it('writes no stack trace unless the level is debug', () => {
    const failure = new Error('kaboom');
    for (const format of ['text', 'json'] as const) {
      const quiet = capture({ format });
      quiet.log.event('claim-failed', { worker: 'workflow', error: failure });
      expect(quiet.lines[0].line).toContain('kaboom');
      expect(quiet.lines[0].line).not.toContain('at ');
      expect(quiet.lines[0].line).not.toContain('\n');

      const verbose = capture({ format, level: 'debug' });
      verbose.log.event('claim-failed', { worker: 'workflow', error: failure });
      if (format === 'json') expect(JSON.parse(verbose.lines[0].line).error).toEqual({ name: 'Error', message: 'kaboom', stack: failure.stack });
      else expect(verbose.lines[0].line).toBe(`[flowdeck] claiming work failed; retrying: kaboom (FD1003 claim-failed worker=workflow)\n${failure.stack}`);
    }
  });

  it('drops lines below the level: per-step events only at debug', () => {
    const info = capture();
    info.log.event('step-committed', { instanceId: 'a' });
    info.log.event('worker-stopped', { worker: 'workflow' });
    expect(info.lines.map((l) => l.line)).toEqual(['[flowdeck] worker stopped (FD1102 worker-stopped worker=workflow)']);
    expect(info.log.enabled('debug')).toBe(false);

    const warn = capture({ env: { FLOWDECK_LOG_LEVEL: 'warn' } });
    warn.log.event('worker-started', { worker: 'workflow' });
    warn.log.event('lease-renewal-failed', { error: 'store down' });
    expect(warn.lines.map((l) => l.line)).toEqual(['[flowdeck] renewing activity leases failed: store down (FD1006 lease-renewal-failed)']);

    const debug = capture({ level: 'debug' });
    debug.log.event('step-committed', { instanceId: 'a', durationMs: 3 });
    expect(debug.lines).toEqual([{ level: 'debug', line: '[flowdeck] a workflow step was committed (FD1007 step-committed instanceId=a durationMs=3)' }]);
  });

  it('takes the EngineLogger call shape: free-form lines are FD1000 engine-message at the given level', () => {
    const { log, lines } = capture();
    const asLogger: EngineLogger = log.message;
    asLogger('error', "claiming activity tasks failed; retrying", new Error('database is locked'));
    asLogger('warn', 'without an error');
    expect(lines).toEqual([
      { level: 'error', line: '[flowdeck] claiming activity tasks failed; retrying: database is locked (FD1000 engine-message)' },
      { level: 'warn', line: '[flowdeck] without an error (FD1000 engine-message)' },
    ]);
  });

  it('carries bound fields on every line of a derived logger, and lets a line override the summary', () => {
    const { log, lines } = capture({ format: 'json', fields: { workerId: 'host-1' } });
    const worker = log.with({ worker: 'activity' });
    worker.event('activity-result-discarded', { activityName: 'charge', taskId: 4, instanceId: 'o-1', message: "result of activity 'charge' discarded" });
    expect(JSON.parse(lines[0].line)).toEqual({
      time: NOW.toISOString(),
      level: 'warn',
      id: 'FD1004',
      event: 'activity-result-discarded',
      message: "result of activity 'charge' discarded",
      instanceId: 'o-1',
      activityName: 'charge',
      taskId: 4,
      worker: 'activity',
      workerId: 'host-1',
    });
  });

  it('refuses a log format or level it does not know, naming the variable and the allowed values', () => {
    expect(() => createEngineLog({ env: { FLOWDECK_LOG_FORMAT: 'xml' } })).toThrow("FLOWDECK_LOG_FORMAT must be one of 'text', 'pretty', 'json', got 'xml'");
    expect(() => createEngineLog({ env: { FLOWDECK_LOG_LEVEL: 'loud' } })).toThrow("FLOWDECK_LOG_LEVEL must be one of 'debug', 'info', 'warn', 'error', got 'loud'");
    expect(createEngineLog({ env: { FLOWDECK_LOG_FORMAT: 'JSON', FLOWDECK_LOG_LEVEL: 'Debug' } }).level).toBe('debug');
  });

  it('forwards warnings and errors to an EngineLogger callback, with the context in the message', () => {
    const calls: unknown[][] = [];
    const log = engineLogFromLogger((level, message, error) => calls.push([level, message, error])).with({ workerId: 'w1' });
    const error = leaseLost();
    log.event('lease-lost', { instanceId: 'a', error });
    log.event('worker-started', { worker: 'workflow' });
    log.message('error', 'free text');
    expect(calls).toEqual([
      ['warn', 'a workflow step was discarded: its lease moved to another worker (instanceId=a workerId=w1)', error],
      ['error', 'free text (workerId=w1)', undefined],
    ]);
  });

  it('gives every catalog event a distinct FD message ID', () => {
    const ids = Object.values(LOG_EVENTS).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^FD\d{4}$/);
  });

  it('writes the time and a coloured level in a terminal, plain text elsewhere, unless FLOWDECK_LOG_FORMAT says otherwise', () => {
    const tty = capture({ terminal: true });
    tty.log.event('worker-started', { worker: 'workflow' });
    tty.log.event('lease-renewal-failed', { error: 'store down' });
    expect(tty.lines.map((l) => l.line)).toEqual([
      '\x1b[2m09:00:00.000\x1b[0m \x1b[36mINFO \x1b[0m [flowdeck] worker started (FD1101 worker-started worker=workflow)',
      '\x1b[2m09:00:00.000\x1b[0m \x1b[33mWARN \x1b[0m [flowdeck] renewing activity leases failed: store down (FD1006 lease-renewal-failed)',
    ]);
    const piped = capture({ terminal: false });
    piped.log.event('worker-started', { worker: 'workflow' });
    expect(piped.lines[0].line).toBe('[flowdeck] worker started (FD1101 worker-started worker=workflow)');
    const jsonInTerminal = capture({ terminal: true, env: { FLOWDECK_LOG_FORMAT: 'json' } });
    jsonInTerminal.log.event('worker-started');
    expect(JSON.parse(jsonInTerminal.lines[0].line)).toMatchObject({ level: 'info', id: 'FD1101' });
    const textInTerminal = capture({ terminal: true, env: { FLOWDECK_LOG_FORMAT: 'text' } });
    textInTerminal.log.event('worker-started');
    expect(textInTerminal.lines[0].line).toBe('[flowdeck] worker started (FD1101 worker-started)');
  });

  it('carries the trace ID of the instance in JSON and text lines', () => {
    const traceId = traceIdOf({ traceParent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    expect(traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdOf(undefined)).toBeUndefined();
    const json = capture({ format: 'json' });
    json.log.event('step-failed', { instanceId: 'o-1', workflowName: 'wf', traceId, error: new Error('x') });
    expect(JSON.parse(json.lines[0].line)).toMatchObject({ level: 'error', id: 'FD1002', instanceId: 'o-1', workflowName: 'wf', traceId });
    const text = capture();
    text.log.event('lease-lost', { instanceId: 'o-1', traceId });
    expect(text.lines[0].line).toContain(`(FD1001 lease-lost instanceId=o-1 traceId=${traceId})`);
  });
});
