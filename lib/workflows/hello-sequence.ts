import type { Workflow, WorkflowActivity } from '@/lib/engine';
import type { BuiltInWorkflow } from './built-in';

/** Activity `hello`: greets a city. */
export const hello: WorkflowActivity<string, string> = async (ctx, name) => {
  await ctx.log(`Saying hello to ${name}`);
  return `Hello ${name}!`;
};

/** HelloSequenceWorkflow: the JavaScript SDK's sequence example, three activities one after another. */
export const helloSequenceWorkflow: Workflow<unknown, string[]> = function* (ctx) {
  const cities: string[] = [];
  const result1 = (yield ctx.callActivity('hello', 'Tokyo')) as string;
  cities.push(result1);
  const result2 = (yield ctx.callActivity('hello', 'Seattle')) as string;
  cities.push(result2);
  const result3 = (yield ctx.callActivity('hello', 'London')) as string;
  cities.push(result3);
  return cities;
};

/** The hello-world demo. */
export const helloSequence: BuiltInWorkflow = {
  name: 'HelloSequenceWorkflow',
  workflow: helloSequenceWorkflow,
  demo: { title: 'Hello world', pattern: 'Chaining (sequence)' },
  summary: 'Calls the activity `hello` for Tokyo, Seattle and London, one after another, and returns the three greetings.',
  watch: 'Watch the three activity bars follow each other on the timeline: each starts only when the previous result is recorded.',
  exampleInput: null,
  activities: () => ({ hello }),
};
