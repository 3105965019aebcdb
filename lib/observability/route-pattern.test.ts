import { describe, expect, it } from 'vitest';
import { daprRoutePattern, nextRoutePattern } from './route-pattern';

describe('route patterns', () => {
  it('replaces a Next.js route params by their names', () => {
    expect(nextRoutePattern('/api/instances', {})).toBe('/api/instances');
    expect(nextRoutePattern('/api/instances/order-1/history', { id: 'order-1' })).toBe('/api/instances/[id]/history');
    expect(nextRoutePattern('/api/instances/a%20b/pause', { id: 'a b', action: 'pause' })).toBe('/api/instances/[id]/[action]');
    expect(nextRoutePattern('/api/instances/instances', { id: 'instances' })).toBe('/api/instances/[id]');
    expect(nextRoutePattern('/api/no/such/thing', { path: ['no', 'such', 'thing'] })).toBe('/api/[...path]');
    expect(nextRoutePattern('/api/health', undefined)).toBe('/api/health');
  });

  it("maps Dapr's API paths to their patterns, never a raw ID", () => {
    expect(daprRoutePattern('v1.0', ['workflows', 'dapr', 'OrderProcessingWorkflow', 'start'])).toBe('/v1.0/workflows/[component]/[workflowName]/start');
    expect(daprRoutePattern('v1.0-beta1', ['workflows', 'dapr', 'id-1'])).toBe('/v1.0-beta1/workflows/[component]/[instanceId]');
    expect(daprRoutePattern('v1.0', ['workflows', 'dapr', 'id-1', 'pause'])).toBe('/v1.0/workflows/[component]/[instanceId]/pause');
    expect(daprRoutePattern('v1.0', ['workflows', 'dapr', 'id-1', 'raiseEvent', 'approval'])).toBe('/v1.0/workflows/[component]/[instanceId]/raiseEvent/[eventName]');
    expect(daprRoutePattern('v1.0', ['workflows', 'dapr', 'id-1', 'whatever', 'x', 'y'])).toBe('/v1.0/[unmatched]');
    expect(daprRoutePattern('v1.0', ['healthz'])).toBe('/v1.0/healthz');
    expect(daprRoutePattern('v1.0', ['metadata'])).toBe('/v1.0/metadata');
    expect(daprRoutePattern('v1.0', ['state', 'statestore'])).toBe('/v1.0/state/[storeName]');
    expect(daprRoutePattern('v1.0', ['state', 'statestore', 'my-key'])).toBe('/v1.0/state/[storeName]/[key]');
    expect(daprRoutePattern('v1.0', ['state', 'statestore', 'bulk'])).toBe('/v1.0/state/[storeName]/bulk');
    expect(daprRoutePattern('v9', ['random'])).toBe('/[version]/[unmatched]');
  });
});
