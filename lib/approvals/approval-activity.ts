// The activity behind ctx.requestApproval: records the request for the calling instance (idempotent per awaited
// event, so a retried attempt finds the request the first one made) and returns its ID.
import { REQUEST_APPROVAL_ACTIVITY, type WorkflowActivity } from '../engine/authoring';
import type { Registry } from '../engine/registry';
import { approvalRequestBody, dueOf } from './approval-input';
import type { Approvals } from './approvals';

/** Registers the requestApproval activity on `registry`, recording requests through `approvals`. */
export function registerApprovalActivity(registry: Registry, approvals: () => Approvals | undefined): void {
  const activity: WorkflowActivity<unknown, string> = async (ctx, input) => {
    const service = approvals();
    if (!service) {
      // A process without the app's database (a memory engine in tests): the instance still waits for its event.
      await ctx.log('approval request not recorded: this process keeps no approval requests');
      return '';
    }
    const parsed = approvalRequestBody.safeParse({ ...(input as object), instanceId: ctx.getWorkflowInstanceId() });
    if (!parsed.success) {
      throw new TypeError(`invalid approval request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
    }
    const body = parsed.data;
    const { request } = await service.request(
      {
        instanceId: body.instanceId,
        eventName: body.eventName,
        title: body.title ?? `${body.eventName} for ${body.instanceId}`,
        details: body.details,
        createdBy: 'workflow',
        dueAt: dueOf(body, new Date()),
        escalation: body.escalation,
        approvePayload: body.approvePayload,
        rejectPayload: body.rejectPayload,
        assignees: { users: body.assignees?.users ?? [], groups: body.assignees?.groups ?? [] },
      },
      { kind: 'system', name: 'workflow', role: 'admin' },
    );
    return request.id;
  };
  registry.addActivity(REQUEST_APPROVAL_ACTIVITY, activity);
}
