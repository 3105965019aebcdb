import { describe, expect, test } from 'vitest';
import { decisionRefusal, describeAssignees, isAssignedTo } from './who-may-decide';

const ada = { role: 'approver' as const, name: 'Ada', email: 'Ada@Example.com', userId: 'u1', groups: ['Approvers'] };

describe('who may decide an approval', () => {
  test('an unassigned request is for every approver', () => {
    expect(decisionRefusal({ users: [], groups: [] }, ada)).toBeUndefined();
  });

  test('an approver decides what is assigned to their email, user ID or group (case-insensitive)', () => {
    expect(isAssignedTo({ users: ['ada@example.com'], groups: [] }, ada)).toBe(true);
    expect(isAssignedTo({ users: ['u1'], groups: [] }, ada)).toBe(true);
    expect(isAssignedTo({ users: [], groups: ['approvers'] }, ada)).toBe(true);
    expect(isAssignedTo({ users: ['bob@example.com'], groups: ['finance'] }, ada)).toBe(false);
  });

  test('an approver is refused what is assigned to others, with who it is assigned to', () => {
    const refusal = decisionRefusal({ users: ['bob@example.com'], groups: ['finance'] }, ada);
    expect(refusal).toBe('this request is assigned to group finance, bob@example.com, and Ada is none of them (an operator may decide it)');
  });

  test('operators and admins decide any request; viewers none', () => {
    const others = { users: ['bob@example.com'], groups: ['finance'] };
    expect(decisionRefusal(others, { role: 'operator', name: 'Olga' })).toBeUndefined();
    expect(decisionRefusal(others, { role: 'admin', name: 'Root' })).toBeUndefined();
    expect(decisionRefusal({ users: [], groups: [] }, { role: 'viewer', name: 'Vic' })).toMatch(/needs the approver role; Vic is a viewer/);
  });

  test('describeAssignees names groups then users, or every approver', () => {
    expect(describeAssignees({ users: [], groups: [] })).toBe('every approver');
    expect(describeAssignees({ users: ['x@y.z'], groups: ['a', 'b'] })).toBe('group a, group b, x@y.z');
  });
});
