// The management operations on one instance, shared by the Dapr routes, the dashboard routes and bulk requests.
import type { ApiContext } from './context';
import type { EventActor } from '../engine/history-events';

/** One management operation with its arguments. */
export type InstanceAction =
  | { kind: 'terminate'; output?: unknown; reason?: string }
  | { kind: 'pause'; reason?: string }
  | { kind: 'resume'; reason?: string }
  | { kind: 'purge' }
  | { kind: 'raiseEvent'; eventName: string; payload?: unknown };

/**
 * Applies the action through the engine client; `actor` (who) goes on the history event it causes. Throws InstanceNotFoundError, InvalidInstanceStatusError
 * (with the current status) or PayloadTooLargeError; nothing changes when it throws.
 */
export async function applyAction(ctx: Pick<ApiContext, 'client'>, instanceId: string, action: InstanceAction, actor?: EventActor): Promise<void> {
  switch (action.kind) {
    case 'terminate':
      return ctx.client.terminateWorkflow(instanceId, action.output, true, { actor, reason: action.reason });
    case 'pause':
      return ctx.client.suspendWorkflow(instanceId, action.reason, actor);
    case 'resume':
      return ctx.client.resumeWorkflow(instanceId, action.reason, actor);
    case 'purge':
      await ctx.client.purgeWorkflow(instanceId);
      return;
    case 'raiseEvent':
      return ctx.client.raiseEvent(instanceId, action.eventName, action.payload, actor);
  }
}
