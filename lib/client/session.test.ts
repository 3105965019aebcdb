// The reasons a disabled control shows for a role, and when an approver may raise an event (as action-roles.ts decides).
import { describe, expect, it } from 'vitest';
import { raiseReason, roleReason } from './session';

describe('roleReason', () => {
  it('names the role needed and the caller’s own', () => {
    expect(roleReason('operator', 'viewer')).toBe('Operators only: you are a viewer');
    expect(roleReason('admin', 'approver')).toBe('Admins only: you are an approver');
  });
});

describe('raiseReason', () => {
  it('lets operators and admins raise any event, and refuses viewers as operators-only', () => {
    expect(raiseReason('operator', [], 'anything')).toBeUndefined();
    expect(raiseReason('admin', ['approval_received'], 'other')).toBeUndefined();
    expect(raiseReason('viewer', ['approval_received'], 'approval_received')).toBe('Operators only: you are a viewer');
  });

  it('lets an approver raise only an event the instance waits for now, or any name for an unnamed wait', () => {
    expect(raiseReason('approver', ['approval_received'], 'approval_received')).toBeUndefined();
    expect(raiseReason('approver', ['approval_received'])).toBeUndefined();
    expect(raiseReason('approver', ['approval_received'], 'other')).toBe('Approvers may raise only an event the instance waits for (approval_received); operators raise any');
    expect(raiseReason('approver', [''], 'whatever')).toBeUndefined();
    expect(raiseReason('approver', [])).toBe('Approvers may raise only an event the instance waits for, and it waits for none; operators raise any');
  });
});
