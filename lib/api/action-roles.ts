// Which role an instance action needs: an operator's for every control, or an approver's to raise an event the
// instance is waiting for right now (deciding an approval); anything else an approver tries is refused.
import { roleAllows } from '../auth/roles';
import type { Caller } from './auth';
import type { ApiContext } from './context';
import { ApiError } from './errors';

/** Throws 403 ERR_FORBIDDEN unless `caller` may apply `operation` (raising `eventName`) to instance `instanceId`. */
export async function requireActionRole(caller: Caller, operation: string, instanceId: string, ctx: ApiContext, eventName?: string): Promise<void> {
  if (roleAllows(caller.role, 'operator')) return;
  if (operation === 'raiseEvent' && roleAllows(caller.role, 'approver') && eventName !== undefined) {
    const instance = await ctx.store.getInstance(instanceId);
    const waiting = instance?.waitingOn?.events.some((event) => event.name === eventName) || instance?.waitingOn?.unnamedEvent !== undefined;
    if (waiting) return;
    throw new ApiError('ERR_FORBIDDEN', `${caller.name} has the approver role: it may raise only an event the instance is waiting for, and '${instanceId}' is not waiting for '${eventName}'`);
  }
  throw new ApiError('ERR_FORBIDDEN', `${caller.name} has the ${caller.role} role; this needs operator or above`);
}
