// The engine's log lines: a fixed catalog of events with stable IDs, written as one readable `[flowdeck] …`
// line each (with the time and a coloured level when the output is a terminal), or as JSON lines when
// FLOWDECK_LOG_FORMAT=json. Levels: debug < info < warn < error; nothing is logged per step above debug.

/** A callback for the warnings and errors a worker recovers from (what tests and embedders pass as `log`). */
export type EngineLogger = (level: 'warn' | 'error', message: string, error?: unknown) => void;

/** How important a log line is. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** How lines are written: readable text, the same with time and coloured level (a terminal), or one JSON object per line. */
export type LogFormat = 'text' | 'pretty' | 'json';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One entry of the catalog: its stable ID, the level it is logged at and what it says. */
export interface LogEventSpec {
  id: string;
  level: LogLevel;
  summary: string;
}

/** Every event the engine logs, by name. IDs never change meaning; retired ones are not reused. */
export const LOG_EVENTS = {
  'engine-message': { id: 'FD1000', level: 'info', summary: 'engine message' },
  'lease-lost': { id: 'FD1001', level: 'warn', summary: 'a workflow step was discarded: its lease moved to another worker' },
  'step-failed': { id: 'FD1002', level: 'error', summary: 'a workflow step failed; it will be retried' },
  'claim-failed': { id: 'FD1003', level: 'error', summary: 'claiming work failed; retrying' },
  'activity-result-discarded': { id: 'FD1004', level: 'warn', summary: 'an activity result was discarded: its lease moved to another worker' },
  'activity-delivery-failed': { id: 'FD1005', level: 'error', summary: 'delivering an activity result failed; the activity will run again' },
  'lease-renewal-failed': { id: 'FD1006', level: 'warn', summary: 'renewing activity leases failed' },
  'step-committed': { id: 'FD1007', level: 'debug', summary: 'a workflow step was committed' },
  'worker-started': { id: 'FD1101', level: 'info', summary: 'worker started' },
  'worker-stopped': { id: 'FD1102', level: 'info', summary: 'worker stopped' },
  'database-outage-began': { id: 'FD1201', level: 'error', summary: 'the database is unavailable; work pauses until it is back' },
  'database-outage-ended': { id: 'FD1202', level: 'info', summary: 'the database is available again' },
} as const satisfies Record<string, LogEventSpec>;

/** The name of a catalog event. */
export type LogEventName = keyof typeof LOG_EVENTS;

/** What a line is about. Only the fields given are written, in this order. */
export interface LogFields {
  instanceId?: string;
  executionId?: string;
  workflowName?: string;
  activityName?: string;
  taskId?: number;
  /** The W3C trace ID (32 hex) of the instance's trace, when it has one (see traceIdOf). */
  traceId?: string;
  /** Which worker: the workflow worker or the activity worker. */
  worker?: 'workflow' | 'activity';
  workerId?: string;
  durationMs?: number;
  /** Overrides the catalog's summary with a more specific sentence. */
  message?: string;
  /** The error that caused the line: its name and message are written; its stack only at debug. */
  error?: unknown;
}

const FIELD_ORDER = ['instanceId', 'executionId', 'workflowName', 'activityName', 'taskId', 'traceId', 'worker', 'workerId', 'durationMs'] as const;

/** The trace ID of a W3C traceparent (`00-<trace ID>-<span ID>-<flags>`), for LogFields.traceId; undefined without one. */
export function traceIdOf(context: { traceParent: string } | undefined): string | undefined {
  return context?.traceParent.split('-')[1];
}

/** Where finished lines go (default: console[level]). */
export type LogSink = (level: LogLevel, line: string) => void;

/**
 * How to build an engine log; unset options come from FLOWDECK_LOG_FORMAT / FLOWDECK_LOG_LEVEL. Without a format
 * either, lines are `pretty` when `terminal` (default: standard output is a TTY), else `text`.
 */
export interface EngineLogOptions {
  format?: LogFormat;
  /** Whether the lines go to a terminal (default: process.stdout.isTTY). */
  terminal?: boolean;
  /** The lowest level written (default info). */
  level?: LogLevel;
  env?: Record<string, string | undefined>;
  sink?: LogSink;
  now?: () => Date;
  /** Fields every line carries (a worker's ID, for example). */
  fields?: LogFields;
}

/** The engine's logger. */
export interface EngineLog {
  /** The lowest level written. */
  readonly level: LogLevel;
  /** Whether a line at `level` would be written. */
  enabled(level: LogLevel): boolean;
  /** Writes catalog event `name` at its catalog level. */
  event(name: LogEventName, fields?: LogFields): void;
  /** Writes a free-form line as FD1000 engine-message; has the `EngineLogger` call shape, so it can be passed as one. */
  readonly message: (level: LogLevel, message: string, error?: unknown) => void;
  /** A logger whose every line also carries `fields`. */
  with(fields: LogFields): EngineLog;
}

/** Builds an engine log; throws on a FLOWDECK_LOG_FORMAT or FLOWDECK_LOG_LEVEL it does not know. */
export function createEngineLog(options: EngineLogOptions = {}): EngineLog {
  const env = options.env ?? process.env;
  const terminal = options.terminal ?? process.stdout.isTTY === true;
  const format = options.format ?? parseSetting('FLOWDECK_LOG_FORMAT', env.FLOWDECK_LOG_FORMAT, ['text', 'pretty', 'json'] as const, terminal ? 'pretty' : 'text');
  const level = options.level ?? parseSetting('FLOWDECK_LOG_LEVEL', env.FLOWDECK_LOG_LEVEL, ['debug', 'info', 'warn', 'error'] as const, 'info');
  const sink = options.sink ?? ((at: LogLevel, line: string) => console[at](line));
  const now = options.now ?? (() => new Date());
  return boundLog({ format, level, sink, now }, options.fields ?? {});
}

/** Wraps an `EngineLogger` callback (warn and error only) as an EngineLog; lines below warn are dropped. */
export function engineLogFromLogger(logger: EngineLogger): EngineLog {
  const forward = (spec: LogEventSpec, fields: LogFields) => {
    if (spec.level !== 'warn' && spec.level !== 'error') return;
    const context = contextText(fields);
    logger(spec.level, `${fields.message ?? spec.summary}${context ? ` (${context})` : ''}`, fields.error);
  };
  const make = (bound: LogFields): EngineLog => ({
    level: 'warn',
    enabled: (at) => LEVEL_RANK[at] >= LEVEL_RANK.warn,
    event: (name, fields = {}) => forward(LOG_EVENTS[name], { ...bound, ...fields }),
    message: (at, message, error) => forward({ ...LOG_EVENTS['engine-message'], level: at }, { ...bound, message, error }),
    with: (fields) => make({ ...bound, ...fields }),
  });
  return make({});
}

interface LogSettings {
  format: LogFormat;
  level: LogLevel;
  sink: LogSink;
  now: () => Date;
}

function boundLog(settings: LogSettings, bound: LogFields): EngineLog {
  const enabled = (at: LogLevel) => LEVEL_RANK[at] >= LEVEL_RANK[settings.level];
  const write = (name: LogEventName, at: LogLevel, fields: LogFields) => {
    if (!enabled(at)) return;
    const line = settings.format === 'json' ? jsonLine(settings, name, at, fields) : textLine(settings, name, at, fields);
    settings.sink(at, line);
  };
  return {
    level: settings.level,
    enabled,
    event: (name, fields = {}) => write(name, LOG_EVENTS[name].level, { ...bound, ...fields }),
    message: (at, message, error) => write('engine-message', at, { ...bound, message, error }),
    with: (fields) => boundLog(settings, { ...bound, ...fields }),
  };
}

function jsonLine(settings: LogSettings, name: LogEventName, at: LogLevel, fields: LogFields): string {
  const spec = LOG_EVENTS[name];
  const record: Record<string, unknown> = { time: settings.now().toISOString(), level: at, id: spec.id, event: name, message: fields.message ?? spec.summary };
  for (const key of FIELD_ORDER) if (fields[key] !== undefined) record[key] = fields[key];
  if (fields.error !== undefined) record.error = errorRecord(fields.error, settings.level === 'debug');
  return JSON.stringify(record);
}

/** ANSI colours of the levels in pretty lines. */
const LEVEL_COLOUR: Record<LogLevel, string> = { debug: '\x1b[90m', info: '\x1b[36m', warn: '\x1b[33m', error: '\x1b[31m' };

function textLine(settings: LogSettings, name: LogEventName, at: LogLevel, fields: LogFields): string {
  const spec = LOG_EVENTS[name];
  const error = fields.error === undefined ? '' : `: ${oneLine(errorRecord(fields.error, false).message)}`;
  const context = contextText(fields);
  const prefix = settings.format === 'pretty' ? `\x1b[2m${settings.now().toISOString().slice(11, 23)}\x1b[0m ${LEVEL_COLOUR[at]}${at.toUpperCase().padEnd(5)}\x1b[0m ` : '';
  const line = `${prefix}[flowdeck] ${oneLine(fields.message ?? spec.summary)}${error} (${spec.id} ${name}${context ? ` ${context}` : ''})`;
  const stack = settings.level === 'debug' && fields.error instanceof Error ? fields.error.stack : undefined;
  return stack ? `${line}\n${stack}` : line;
}

function contextText(fields: LogFields): string {
  return FIELD_ORDER.flatMap((key) => {
    const value = fields[key];
    if (value === undefined) return [];
    const text = String(value);
    return [`${key}=${/[\s"=()]/.test(text) || text === '' ? JSON.stringify(text) : text}`];
  }).join(' ');
}

function errorRecord(error: unknown, withStack: boolean): { name?: string; message: string; stack?: string } {
  if (error instanceof Error) return withStack && error.stack ? { name: error.name, message: error.message, stack: error.stack } : { name: error.name, message: error.message };
  return { message: typeof error === 'string' ? error : safeString(error) };
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

function parseSetting<T extends string>(variable: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  const value = raw.toLowerCase() as T;
  if (!allowed.includes(value)) throw new RangeError(`${variable} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${raw}'`);
  return value;
}
