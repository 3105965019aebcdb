// The JavaScript examples of the Dapr workflow documentation (seeds/001), ported with the import
// line changed. The rest is the docs' code, except: the sidecar address ({daprHost, daprPort}) is
// gone, as there is no sidecar; the examples are wrapped in a function so each test runs one; the
// purchase order's terminal prompts come from a scripted `readlineSync`; the monitor, which the
// docs show without its scaffolding, gets the same scaffolding as the other examples.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkflowRuntime, DaprWorkflowClient, configureDefaultEngine, Task, type WorkflowActivityContext, type WorkflowContext, type TWorkflow } from '@/lib/engine';
import { MemoryStore } from '@/lib/store/memory-store';

let printed: string[];
let exits: (number | string | null | undefined)[];

beforeAll(() => {
  configureDefaultEngine(new MemoryStore());
});
beforeEach(() => {
  printed = [];
  exits = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.push(`ERROR ${args.join(' ')}`));
  vi.spyOn(process, 'exit').mockImplementation(((code?: number) => void exits.push(code)) as typeof process.exit);
});
afterEach(() => vi.restoreAllMocks());

/** The JSON result the example printed on its "Orchestration completed! Result: …" line. */
function printedResult(): unknown {
  const line = printed.find((l) => l.startsWith('Orchestration completed! Result: '));
  expect(line, printed.join('\n')).toBeDefined();
  const json = line!.slice('Orchestration completed! Result: '.length);
  return json === 'undefined' ? undefined : JSON.parse(json); // undefined: the instance did not complete
}

function sequenceExample() {
  async function start() {
    const workflowClient = new DaprWorkflowClient();
    const workflowRuntime = new WorkflowRuntime();

    const hello = async (_: WorkflowActivityContext, name: string) => {
      return `Hello ${name}!`;
    };

    const sequence: TWorkflow = async function* (ctx: WorkflowContext): any {
      const cities: string[] = [];
      const result1 = yield ctx.callActivity(hello, "Tokyo");
      cities.push(result1);
      const result2 = yield ctx.callActivity(hello, "Seattle");
      cities.push(result2);
      const result3 = yield ctx.callActivity(hello, "London");
      cities.push(result3);
      return cities;
    };

    workflowRuntime.registerWorkflow(sequence).registerActivity(hello);

    // Wrap the worker startup in a try-catch block to handle any errors during startup
    try {
      await workflowRuntime.start();
      console.log("Workflow runtime started successfully");
    } catch (error) {
      console.error("Error starting workflow runtime:", error);
    }

    // Schedule a new orchestration
    try {
      const id = await workflowClient.scheduleNewWorkflow(sequence);
      console.log(`Orchestration scheduled with ID: ${id}`);

      // Wait for orchestration completion
      const state = await workflowClient.waitForWorkflowCompletion(id, undefined, 30);

      console.log(`Orchestration completed! Result: ${state?.serializedOutput}`);
    } catch (error) {
      console.error("Error scheduling or waiting for orchestration:", error);
    }

    await workflowRuntime.stop();

    // stop the dapr side car
    process.exit(0);
  }

  return start().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

function fanOutFanInExample() {
  // Wrap the entire code in an immediately-invoked async function
  async function start() {
    const workflowClient = new DaprWorkflowClient();
    const workflowRuntime = new WorkflowRuntime();

    function getRandomInt(min: number, max: number): number {
      return Math.floor(Math.random() * (max - min + 1)) + min;
    }

    async function getWorkItemsActivity(_: WorkflowActivityContext): Promise<string[]> {
      const count: number = getRandomInt(2, 10);
      console.log(`generating ${count} work items...`);

      const workItems: string[] = Array.from({ length: count }, (_, i) => `work item ${i}`);
      return workItems;
    }

    function sleep(ms: number): Promise<void> {
      return new Promise((resolve) => setTimeout(resolve, ms));
    }

    async function processWorkItemActivity(context: WorkflowActivityContext, item: string): Promise<number> {
      console.log(`processing work item: ${item}`);

      // Simulate some work that takes a variable amount of time
      const sleepTime = Math.random() * 5000;
      await sleep(sleepTime);

      // Return a result for the given work item, which is also a random number in this case
      // For more information about random numbers in workflow please check
      // https://learn.microsoft.com/azure/azure-functions/durable/durable-functions-code-constraints?tabpane=csharp#random-numbers
      return Math.floor(Math.random() * 11);
    }

    const workflow: TWorkflow = async function* (ctx: WorkflowContext): any {
      const tasks: Task<any>[] = [];
      const workItems = yield ctx.callActivity(getWorkItemsActivity);
      for (const workItem of workItems) {
        tasks.push(ctx.callActivity(processWorkItemActivity, workItem));
      }
      const results: number[] = yield ctx.whenAll(tasks);
      const sum: number = results.reduce((accumulator, currentValue) => accumulator + currentValue, 0);
      return sum;
    };

    workflowRuntime.registerWorkflow(workflow);
    workflowRuntime.registerActivity(getWorkItemsActivity);
    workflowRuntime.registerActivity(processWorkItemActivity);

    // Wrap the worker startup in a try-catch block to handle any errors during startup
    try {
      await workflowRuntime.start();
      console.log("Worker started successfully");
    } catch (error) {
      console.error("Error starting worker:", error);
    }

    // Schedule a new orchestration
    try {
      const id = await workflowClient.scheduleNewWorkflow(workflow);
      console.log(`Orchestration scheduled with ID: ${id}`);

      // Wait for orchestration completion
      const state = await workflowClient.waitForWorkflowCompletion(id, undefined, 30);

      console.log(`Orchestration completed! Result: ${state?.serializedOutput}`);
    } catch (error) {
      console.error("Error scheduling or waiting for orchestration:", error);
    }

    // stop worker and client
    await workflowRuntime.stop();

    // stop the dapr side car
    process.exit(0);
  }

  return start().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

/** The docs show only the workflow function; the scaffolding follows the other examples. */
function monitorExample(statuses: string[]) {
  async function start() {
    const workflowClient = new DaprWorkflowClient();
    const workflowRuntime = new WorkflowRuntime();

    // Polling takes a moment (a real status endpoint is I/O). An activity that never leaves the
    // microtask queue makes this endless monitor starve the event loop on the in-memory store: reported.
    const checkStatusActivity = async (_: WorkflowActivityContext) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return statuses.shift() ?? "healthy";
    };
    const alertActivity = async (_: WorkflowActivityContext, message: string) => {
      console.log(`*** Alert: ${message}`);
    };

    // The docs' code, as written:
    const statusMonitorWorkflow: TWorkflow = async function* (ctx: WorkflowContext): any {
      let duration;
      const status = yield ctx.callActivity(checkStatusActivity);
      if (status === "healthy") {
        // Check less frequently when in a healthy state
        // set duration to 1 hour
        duration = 60 * 60;
      } else {
        yield ctx.callActivity(alertActivity, "job unhealthy");

        // Check more frequently when in an unhealthy state
        // set duration to 5 minutes
        duration = 5 * 60;
      }

      // Put the workflow to sleep until the determined time
      ctx.createTimer(duration);

      // Restart from the beginning with the updated state
      // @ts-expect-error the docs call continueAsNew() without its newInput argument (required by the SDK too)
      ctx.continueAsNew();
    };

    workflowRuntime.registerWorkflow(statusMonitorWorkflow).registerActivity(checkStatusActivity).registerActivity(alertActivity);
    await workflowRuntime.start();
    const id = await workflowClient.scheduleNewWorkflow(statusMonitorWorkflow);
    console.log(`Orchestration scheduled with ID: ${id}`);
    return { id, workflowClient, workflowRuntime };
  }

  return start();
}

/** Scripted answers for the purchase order's terminal prompts. */
function scriptedReadline(answers: { cost: number; approver: string; timeout: number; approve: boolean }) {
  return {
    questionInt: (query: string) => (query.startsWith("Cost") ? answers.cost : answers.timeout),
    question: (_query: string) => answers.approver,
    keyInYN: (_query: string) => answers.approve,
  };
}

function purchaseOrderExample(readlineSync: ReturnType<typeof scriptedReadline>) {
  // Wrap the entire code in an immediately-invoked async function
  async function start() {
    class Order {
      cost: number;
      product: string;
      quantity: number;
      constructor(cost: number, product: string, quantity: number) {
        this.cost = cost;
        this.product = product;
        this.quantity = quantity;
      }
    }

    function sleep(ms: number): Promise<void> {
      return new Promise((resolve) => setTimeout(resolve, ms));
    }

    const workflowClient = new DaprWorkflowClient();
    const workflowRuntime = new WorkflowRuntime();

    // Activity function that sends an approval request to the manager
    const sendApprovalRequest = async (_: WorkflowActivityContext, order: Order) => {
      // Simulate some work that takes an amount of time
      await sleep(3000);
      console.log(`Sending approval request for order: ${order.product}`);
    };

    // Activity function that places an order
    const placeOrder = async (_: WorkflowActivityContext, order: Order) => {
      console.log(`Placing order: ${order.product}`);
    };

    // Orchestrator function that represents a purchase order workflow
    const purchaseOrderWorkflow: TWorkflow = async function* (ctx: WorkflowContext, order: Order): any {
      // Orders under $1000 are auto-approved
      if (order.cost < 1000) {
        return "Auto-approved";
      }

      // Orders of $1000 or more require manager approval
      yield ctx.callActivity(sendApprovalRequest, order);

      // Approvals must be received within 24 hours or they will be cancled.
      const tasks: Task<any>[] = [];
      const approvalEvent = ctx.waitForExternalEvent("approval_received");
      const timeoutEvent = ctx.createTimer(24 * 60 * 60);
      tasks.push(approvalEvent);
      tasks.push(timeoutEvent);
      const winner = ctx.whenAny(tasks);

      // @ts-expect-error docs bug: whenAny is not yielded, so `winner` is the whenAny task itself (the SDK's Task<any> types hid it)
      if (winner == timeoutEvent) {
        return "Cancelled";
      }

      yield ctx.callActivity(placeOrder, order);
      const approvalDetails = approvalEvent.getResult() as { approver: string };
      return `Approved by ${approvalDetails.approver}`;
    };

    workflowRuntime
      .registerWorkflow(purchaseOrderWorkflow)
      .registerActivity(sendApprovalRequest)
      .registerActivity(placeOrder);

    // Wrap the worker startup in a try-catch block to handle any errors during startup
    try {
      await workflowRuntime.start();
      console.log("Worker started successfully");
    } catch (error) {
      console.error("Error starting worker:", error);
    }

    // Schedule a new orchestration
    try {
      const cost = readlineSync.questionInt("Cost of your order:");
      const approver = readlineSync.question("Approver of your order:");
      const timeout = readlineSync.questionInt("Timeout for your order in seconds:");
      const order = new Order(cost, "MyProduct", 1);
      const id = await workflowClient.scheduleNewWorkflow(purchaseOrderWorkflow, order);
      console.log(`Orchestration scheduled with ID: ${id}`);

      // prompt for approval asynchronously
      promptForApproval(approver, workflowClient, id);

      // Wait for orchestration completion
      const state = await workflowClient.waitForWorkflowCompletion(id, undefined, timeout + 2);

      console.log(`Orchestration completed! Result: ${state?.serializedOutput}`);
    } catch (error) {
      console.error("Error scheduling or waiting for orchestration:", error);
    }

    // stop worker and client
    await workflowRuntime.stop();

    // stop the dapr side car
    process.exit(0);
  }

  async function promptForApproval(approver: string, workflowClient: DaprWorkflowClient, id: string) {
    if (readlineSync.keyInYN("Press [Y] to approve the order... Y/yes, N/no")) {
      const approvalEvent = { approver: approver };
      await workflowClient.raiseEvent(id, "approval_received", approvalEvent);
    } else {
      return "Order rejected";
    }
  }

  return start().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

describe('Dapr docs JavaScript examples', () => {
  it('task chaining: the sequence returns the three greetings in order', async () => {
    await sequenceExample();
    expect(printedResult()).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
    expect(exits).toEqual([0]);
  });

  it('fan-out/fan-in: every work item is processed and the results are summed', async () => {
    await fanOutFanInExample();
    const count = Number(/generating (\d+) work items/.exec(printed.join('\n'))![1]);
    expect(printed.filter((l) => l.startsWith('processing work item:'))).toHaveLength(count);
    const sum = printedResult() as number;
    expect(sum).toBeGreaterThanOrEqual(0);
    expect(sum).toBeLessThanOrEqual(10 * count);
    expect(exits).toEqual([0]);
  });

  it('monitor: as written (the timer is not yielded), it alerts on unhealthy and continues as new at once', async () => {
    const { id, workflowClient, workflowRuntime } = await monitorExample(['healthy', 'unhealthy', 'healthy']);
    await expect.poll(() => printed.filter((l) => l.startsWith('*** Alert')), { timeout: 10_000 }).toEqual(['*** Alert: job unhealthy']);
    // Without the yield on createTimer the hour-long sleep is skipped: the next generation starts immediately.
    await expect.poll(async () => (await workflowClient.getWorkflowState(id, true))?.runtimeStatus, { timeout: 10_000 }).toBe('RUNNING');
    await workflowClient.terminateWorkflow(id, undefined);
    expect((await workflowClient.waitForWorkflowCompletion(id, true, 10))!.runtimeStatus).toBe('TERMINATED');
    await workflowRuntime.stop();
  });

  it('purchase order: the approval event (raised before the workflow waits) gets the order placed', async () => {
    await purchaseOrderExample(scriptedReadline({ cost: 2000, approver: 'Jane Doe', timeout: 10, approve: true }));
    expect(printed).toContain('Placing order: MyProduct');
    expect(printedResult()).toBe('Approved by Jane Doe');
    expect(exits).toEqual([0]);
  });

  it('purchase order: orders under $1000 are auto-approved', async () => {
    await purchaseOrderExample(scriptedReadline({ cost: 500, approver: 'Jane Doe', timeout: 10, approve: false }));
    expect(printedResult()).toBe('Auto-approved');
    expect(exits).toEqual([0]);
  });

  it('DaprWorkflowClient has the SDK stop()', async () => {
    const workflowClient = new DaprWorkflowClient({ daprHost: '127.0.0.1', daprPort: '3500' });
    await expect(workflowClient.stop()).resolves.toBeUndefined();
  });
});
