import type { Workflow, WorkflowActivity } from '@/lib/engine';
import type { BuiltInWorkflow } from './built-in';
import { inputObject, numberField } from './input';

/** ReminderWorkflow's input: wait a number of seconds or until a time, then send the message. */
export type ReminderInput = { seconds: number; message?: string } | { at: string; message?: string };

const SHAPE = '{"seconds": n} or {"at": "<ISO time>"}';

/** Activity `send_reminder`: delivers the reminder. */
export const sendReminder: WorkflowActivity<string, string> = async (ctx, message) => {
  await ctx.log(`Reminder: ${message}`);
  return `Reminder sent: ${message}`;
};

function fireAt(record: Record<string, unknown>): Date | number {
  if (record.at !== undefined) {
    const at = typeof record.at === 'string' ? new Date(record.at) : new Date(NaN);
    if (Number.isNaN(at.getTime())) throw new RangeError(`'at' must be an ISO date-time; it is ${JSON.stringify(record.at)}`);
    return at;
  }
  if (record.seconds === undefined) throw new TypeError(`ReminderWorkflow expects ${SHAPE}`);
  return numberField(record, 'seconds', 0);
}

/** ReminderWorkflow: a durable timer, then a notification. Returns what send_reminder returned. */
export const reminderWorkflow: Workflow<ReminderInput, string> = function* (ctx, input) {
  const record = inputObject(input, 'ReminderWorkflow', SHAPE);
  const message = typeof record.message === 'string' && record.message ? record.message : "Time's up!";
  yield ctx.createTimer(fireAt(record));
  return (yield ctx.callActivity('send_reminder', message)) as string;
};

/** The timer demo. */
export const reminder: BuiltInWorkflow = {
  name: 'ReminderWorkflow',
  workflow: reminderWorkflow,
  demo: { title: 'Timer', pattern: 'Timer' },
  summary:
    'Sleeps on a durable timer for a number of seconds (or until a given time), then sends a reminder. The instance is unloaded while it waits, so the timer survives a restart of the server.',
  watch: 'Watch the timer bar stretch until its fire time, then the send_reminder activity run right after it fires.',
  exampleInput: { seconds: 10, message: 'Stretch your legs' },
  activities: () => ({ send_reminder: sendReminder }),
};
