// Workflow metadata apps declare for workflows they run themselves (remote workers), in the WorkflowDeclaration
// table, so the dashboard can describe, start and approve them like the built-ins.
import type { DbClient } from '../db/client';
import { databaseUrlOf } from '../db/client';
import { dialectOf } from '../db/config';
import type { WorkflowMetadata } from '../engine/registry';
import { sqliteGateFor, withBusyRetry, type SqliteGate } from '../store/sqlite-gate';

/** One declared workflow: its name, metadata and when it was first and last declared. */
export interface DeclaredWorkflow {
  name: string;
  metadata: WorkflowMetadata;
  createdAt: Date;
  updatedAt: Date;
}

/** Where declarations live. */
export interface WorkflowDeclarationStore {
  /** Stores (or replaces) the metadata of `name`; `created` says whether it was new. */
  declare(name: string, metadata: WorkflowMetadata, at?: Date): Promise<{ declaration: DeclaredWorkflow; created: boolean }>;
  /** The declaration of `name`, if any. */
  get(name: string): Promise<DeclaredWorkflow | undefined>;
  /** Every declaration, sorted by name. */
  list(): Promise<DeclaredWorkflow[]>;
  /** Removes the declaration of `name`; false when there was none. */
  remove(name: string): Promise<boolean>;
}

type Row = { name: string; metadata: string; createdAt: Date; updatedAt: Date };

/**
 * Declarations through Prisma (off the engine's hot path). On SQLite every query runs through the client's gate
 * (lib/store/sqlite-gate.ts), as every Prisma user of that client must.
 */
export class PrismaWorkflowDeclarations implements WorkflowDeclarationStore {
  private readonly gate: SqliteGate | undefined;

  constructor(private readonly db: DbClient) {
    if (dialectOf(databaseUrlOf(db)) === 'sqlite') this.gate = sqliteGateFor(db);
  }

  async declare(name: string, metadata: WorkflowMetadata, at = new Date()): Promise<{ declaration: DeclaredWorkflow; created: boolean }> {
    const json = JSON.stringify(metadata);
    const existed = await this.run(() => this.db.workflowDeclaration.findUnique({ where: { name }, select: { name: true } }));
    const row = await this.run(() =>
      this.db.workflowDeclaration.upsert({
        where: { name },
        create: { name, metadata: json, createdAt: at, updatedAt: at },
        update: { metadata: json, updatedAt: at },
      }),
    );
    return { declaration: toDeclared(row), created: !existed };
  }

  async get(name: string): Promise<DeclaredWorkflow | undefined> {
    const row = await this.run(() => this.db.workflowDeclaration.findUnique({ where: { name } }));
    return row ? toDeclared(row) : undefined;
  }

  async list(): Promise<DeclaredWorkflow[]> {
    const rows = await this.run(() => this.db.workflowDeclaration.findMany({ orderBy: { name: 'asc' } }));
    return rows.map(toDeclared);
  }

  async remove(name: string): Promise<boolean> {
    const { count } = await this.run(() => this.db.workflowDeclaration.deleteMany({ where: { name } }));
    return count > 0;
  }

  private run<T>(operation: () => Promise<T>): Promise<T> {
    return this.gate ? this.gate.run(() => withBusyRetry(operation)) : operation();
  }
}

function toDeclared(row: Row): DeclaredWorkflow {
  return { name: row.name, metadata: JSON.parse(row.metadata) as WorkflowMetadata, createdAt: row.createdAt, updatedAt: row.updatedAt };
}
