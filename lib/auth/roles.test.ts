import { describe, expect, test } from 'vitest';
import { defaultRoleFor, isRole, roleAllows, roleFromGroups } from './roles';

describe('roles', () => {
  test('each role includes the weaker ones and no stronger one', () => {
    expect(roleAllows('admin', 'operator')).toBe(true);
    expect(roleAllows('operator', 'approver')).toBe(true);
    expect(roleAllows('approver', 'viewer')).toBe(true);
    expect(roleAllows('viewer', 'approver')).toBe(false);
    expect(roleAllows('approver', 'operator')).toBe(false);
    expect(roleAllows('operator', 'admin')).toBe(false);
    expect(isRole('operator')).toBe(true);
    expect(isRole('root')).toBe(false);
  });

  test('reads need a viewer, changes an operator', () => {
    expect(defaultRoleFor('GET')).toBe('viewer');
    expect(defaultRoleFor('HEAD')).toBe('viewer');
    expect(defaultRoleFor('POST')).toBe('operator');
    expect(defaultRoleFor('DELETE')).toBe('operator');
  });

  test('groups map to the strongest role any of them gives; unmapped groups give the fallback', () => {
    expect(roleFromGroups(['approver', 'operator'], undefined, 'viewer')).toBe('operator');
    expect(roleFromGroups(['staff'], undefined, 'viewer')).toBe('viewer');
    const map = 'flowdeck-admins=admin, finance=approver, bogus=root';
    expect(roleFromGroups(['finance'], map, 'viewer')).toBe('approver');
    expect(roleFromGroups(['finance', 'flowdeck-admins'], map, 'viewer')).toBe('admin');
    expect(roleFromGroups(['bogus'], map, 'viewer')).toBe('viewer');
    expect(roleFromGroups(['admin'], map, 'viewer')).toBe('viewer');
  });
});
