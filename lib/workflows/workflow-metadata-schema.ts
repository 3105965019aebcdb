// What an app may declare about a workflow it runs itself (PUT /api/workflows/{name}): the same metadata the
// built-in workflows carry (description, example input, the events it waits for with their buttons), validated.
import { z } from 'zod';
import type { EventDeclaration, WorkflowMetadata } from '../engine/registry';

/** Longest workflow name that can be declared (characters). */
export const MAX_WORKFLOW_NAME_CHARS = 256;
/** Largest declaration, as stored JSON (bytes): an example input for a form, not a data set. */
export const MAX_METADATA_BYTES = 64 * 1024;
/** Most events one workflow may declare. */
export const MAX_DECLARED_EVENTS = 50;

const isObjectPayload = (payload: unknown) => payload === undefined || (typeof payload === 'object' && payload !== null && !Array.isArray(payload));

const eventDeclaration = z
  .strictObject({
    name: z.string().trim().min(1, 'an event needs a name').max(200),
    description: z.string().max(2000).optional(),
    /** Sent by the dashboard's Approve button. */
    approvePayload: z.unknown().optional(),
    /** Sent by the dashboard's Reject button. */
    rejectPayload: z.unknown().optional(),
    /** The key under which the dashboard puts the approver's comment into the payload. */
    commentField: z.string().trim().min(1).max(100).optional(),
  })
  .refine((e) => e.commentField === undefined || (isObjectPayload(e.approvePayload) && isObjectPayload(e.rejectPayload)), {
    message: 'commentField puts the comment into the payload, so approvePayload and rejectPayload must be JSON objects (or absent)',
    path: ['commentField'],
  });

/** The body of PUT /api/workflows/{name}: every field optional; unknown fields are refused. */
export const workflowMetadataBody = z.strictObject({
  description: z.string().max(4000).optional(),
  exampleInput: z.unknown().optional(),
  events: z
    .array(eventDeclaration)
    .max(MAX_DECLARED_EVENTS)
    .refine((events) => new Set(events.map((e) => e.name.toLowerCase())).size === events.length, 'event names must differ (they match case-insensitively)')
    .optional(),
});

/** A validated declaration, as the registry's WorkflowMetadata. */
export function toWorkflowMetadata(body: z.output<typeof workflowMetadataBody>): WorkflowMetadata {
  const metadata: WorkflowMetadata = {};
  if (body.description !== undefined) metadata.description = body.description;
  if (body.exampleInput !== undefined) metadata.exampleInput = body.exampleInput;
  if (body.events !== undefined) metadata.events = body.events.map(toEventDeclaration);
  return metadata;
}

/** Why `name` cannot be declared, or undefined when it can. */
export function workflowNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'the workflow name is empty';
  if (name !== name.trim()) return `the workflow name '${name}' starts or ends with white space`;
  if (name.length > MAX_WORKFLOW_NAME_CHARS) return `the workflow name is ${name.length} characters long; the limit is ${MAX_WORKFLOW_NAME_CHARS}`;
  if ([...name].some((ch) => ch.codePointAt(0)! < 0x20 || ch.codePointAt(0) === 0x7f)) return 'the workflow name contains control characters';
  return undefined;
}

function toEventDeclaration(event: z.output<typeof eventDeclaration>): EventDeclaration {
  const declared: EventDeclaration = { name: event.name };
  if (event.description !== undefined) declared.description = event.description;
  if (event.approvePayload !== undefined) declared.approvePayload = event.approvePayload;
  if (event.rejectPayload !== undefined) declared.rejectPayload = event.rejectPayload;
  if (event.commentField !== undefined) declared.commentField = event.commentField;
  return declared;
}
