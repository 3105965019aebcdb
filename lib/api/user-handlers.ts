// /api/users: accounts, for admins (the Users page). Passwords go to Better Auth, which stores only their hash.
import { z } from 'zod';
import { createDemoUsers } from '../auth/demo-users';
import { ROLES } from '../auth/roles';
import { callerOf } from './auth';
import type { ApiContext } from './context';
import { ApiError } from './errors';
import { jsonBody } from './instance-handlers';
import { noStoreJson } from './responses';

const role = z.enum(ROLES);
const newAccountBody = z
  .object({
    email: z.string().trim().email('must be an email address').max(254),
    name: z.string().trim().min(1, 'must not be empty').max(100),
    password: z.string().min(8, 'must be at least 8 characters').max(128),
    role,
    /** Groups approval requests may be assigned to (an OpenID sign-in takes them from its groups claim instead). */
    groups: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  })
  .strict();
const roleBody = z.object({ role }).strict();

function accountsOf(ctx: ApiContext) {
  if (!ctx.accounts) throw new ApiError('ERR_NOT_FOUND', 'this server keeps no accounts');
  return ctx.accounts;
}

/** GET /api/users: every account, oldest first. */
export async function listUsersHandler(_request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  return noStoreJson({ users: await accountsOf(ctx).list() });
}

/** POST /api/users {email, name, password, role, groups?}: 201 with the account; 409 when the email is taken. */
export async function createUserHandler(request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  const body = await jsonBody(request, ctx, newAccountBody);
  return noStoreJson(await accountsOf(ctx).create(body), 201);
}

/** PATCH /api/users/{id} {role}: the account with its new role; 404 unknown; 409 for the last admin. */
export async function updateUserHandler(request: Request, params: { id: string }, ctx: ApiContext): Promise<Response> {
  const { role: next } = await jsonBody(request, ctx, roleBody);
  const updated = await accountsOf(ctx).setRole(params.id, next);
  if (!updated) throw new ApiError('ERR_NOT_FOUND', `no account has the ID '${params.id}'`);
  return noStoreJson(updated);
}

/** DELETE /api/users/{id}: removes the account and its sessions; 404 unknown; 409 for the last admin. */
export async function deleteUserHandler(_request: Request, params: { id: string }, ctx: ApiContext): Promise<Response> {
  if (!(await accountsOf(ctx).remove(params.id))) throw new ApiError('ERR_NOT_FOUND', `no account has the ID '${params.id}'`);
  return noStoreJson({ id: params.id, removed: true });
}

/**
 * POST /api/users/demo: in local mode only, creates the demo accounts (admin, operator, approver in "approvers",
 * viewer) and answers 201 with their generated passwords, shown this once; that ends local mode. 403 otherwise.
 */
export async function createDemoUsersHandler(request: Request, _params: unknown, ctx: ApiContext): Promise<Response> {
  if (callerOf(request).kind !== 'local') {
    throw new ApiError('ERR_FORBIDDEN', 'demo users are made only in local mode (no account yet, on a loopback address); this server has accounts or a token: add people on the Users page');
  }
  return noStoreJson({ users: await createDemoUsers(accountsOf(ctx)) }, 201);
}
