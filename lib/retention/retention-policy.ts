// How long finished instances are kept: FLOWDECK_RETENTION_DAYS for every workflow, and per workflow name
// FLOWDECK_RETENTION_BY_WORKFLOW ("OrderProcessingWorkflow=90,HelloSequenceWorkflow=1,AuditedWorkflow=keep").

/** Days to keep a finished instance, or 'keep' for never purging it. */
export type KeepFor = number | 'keep';

/** The retention rules: the default for every workflow (absent: keep), and per workflow name. */
export interface RetentionPolicy {
  defaultDays?: number;
  byWorkflow: ReadonlyMap<string, KeepFor>;
}

/** A setting that is not a retention rule. */
export class RetentionSettingError extends Error {
  override name = 'RetentionSettingError';
}

const MAX_DAYS = 36_500;

/** The policy the environment sets, or undefined when it sets none (nothing is ever purged by age). */
export function retentionPolicyFromEnv(env: Record<string, string | undefined> = process.env): RetentionPolicy | undefined {
  const global = env.FLOWDECK_RETENTION_DAYS?.trim();
  const perWorkflow = env.FLOWDECK_RETENTION_BY_WORKFLOW?.trim();
  if (!global && !perWorkflow) return undefined;
  const byWorkflow = new Map<string, KeepFor>();
  for (const part of (perWorkflow ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = part.lastIndexOf('=');
    const name = at > 0 ? part.slice(0, at).trim() : '';
    if (!name) throw new RetentionSettingError(`FLOWDECK_RETENTION_BY_WORKFLOW: '${part}' is not <workflow name>=<days or keep>`);
    const value = part.slice(at + 1).trim();
    byWorkflow.set(name, value === 'keep' ? 'keep' : days(value, `FLOWDECK_RETENTION_BY_WORKFLOW (${name})`));
  }
  return { ...(global ? { defaultDays: days(global, 'FLOWDECK_RETENTION_DAYS') } : {}), byWorkflow };
}

/** The age (ms) after which a finished instance of `name` goes, or undefined when it is kept. */
export function keepMsFor(policy: RetentionPolicy, name: string): number | undefined {
  const rule = policy.byWorkflow.get(name) ?? policy.defaultDays;
  return rule === undefined || rule === 'keep' ? undefined : rule * 86_400_000;
}

/** The policy in words, for the System page: "30 days; OrderProcessingWorkflow 90 days, HelloSequenceWorkflow kept". */
export function describePolicy(policy: RetentionPolicy): string {
  const base = policy.defaultDays === undefined ? 'kept unless named' : daysText(policy.defaultDays);
  const named = [...policy.byWorkflow].map(([name, rule]) => `${name} ${rule === 'keep' ? 'kept' : daysText(rule)}`);
  return named.length ? `${base}; ${named.join(', ')}` : base;
}

function daysText(days: number): string {
  return `${days} day${days === 1 ? '' : 's'}`;
}

function days(text: string, setting: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(value > 0) || value > MAX_DAYS) {
    throw new RetentionSettingError(`${setting} must be a number of days above 0 and at most ${MAX_DAYS} (like 30 or 0.5), not '${text}'`);
  }
  return value;
}
