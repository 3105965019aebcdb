// Prisma's schema engine (migrations, diff) as WASM, driven through our driver adapters.
// The Prisma CLI's `migrate` needs a native engine that cannot be downloaded here (ENVIRONMENT.md).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Dialect } from './config';
import { createSchemaEngineAdapter } from './schema-engine-adapter';

/** The methods of @prisma/schema-engine-wasm's SchemaEngine that Flowdeck uses. */
export interface SchemaEngine {
  applyMigrations(input: { migrationsList: MigrationList; filters: SchemaFilter }): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: {
    from: DiffTarget;
    to: DiffTarget;
    script: boolean;
    exitCode: boolean | null;
    filters: SchemaFilter;
  }): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

/** Migrations as the schema engine reads them (same shape the Prisma CLI builds from the folder). */
export interface MigrationList {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: { path: string; migrationFile: { path: string; content: { tag: 'ok' | 'error'; value: string } } }[];
}

export type SchemaFilter = { externalTables: string[]; externalEnums: string[] };
export type DiffTarget =
  | { tag: 'empty' }
  | ({ tag: 'migrations' } & MigrationList)
  | { tag: 'schemaDatamodel'; files: { path: string; content: string }[] };

export const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

type EngineModule = {
  SchemaEngine: { new: (options: unknown, log: (msg: string) => void, adapter: unknown) => Promise<SchemaEngine> };
};

// On globalThis: Next.js loads this module once for instrumentation and again for route handlers, and a second
// WASM instance wired into the same (Node-cached) glue module corrupts the first one's memory views.
const holder = globalThis as typeof globalThis & { __flowdeckSchemaEngine?: Promise<EngineModule> };

/** Loads and instantiates the WASM module once per process. */
function loadEngineModule(): Promise<EngineModule> {
  holder.__flowdeckSchemaEngine ??= (async () => {
    const require = createRequire(path.join(process.cwd(), 'package.json'));
    const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmPath = path.join(path.dirname(bgPath), 'schema_engine_bg.wasm');
    const bg = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ pathToImport(bgPath))) as Record<string, unknown> & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const wasmModule = await WebAssembly.compile(fs.readFileSync(wasmPath));
    const instance = await WebAssembly.instantiate(wasmModule, { './schema_engine_bg.js': bg as WebAssembly.ModuleImports });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg as unknown as EngineModule;
  })();
  return holder.__flowdeckSchemaEngine;
}

function pathToImport(file: string): string {
  return new URL(`file://${file}`).href;
}

/** The schema file of a dialect: prisma/<sqlite|postgres>/schema.prisma. */
export function schemaDir(dialect: Dialect): string {
  return path.join(process.cwd(), 'prisma', dialect === 'sqlite' ? 'sqlite' : 'postgres');
}

/** The schema file's path and content, as the engine wants its datamodels. */
export function readSchemaFile(dialect: Dialect): { path: string; content: string } {
  const file = path.join(schemaDir(dialect), 'schema.prisma');
  return { path: file, content: fs.readFileSync(file, 'utf8') };
}

/** Runs `fn` with a schema engine connected to `url`, then frees the engine and closes its connections. */
export async function withSchemaEngine<T>(dialect: Dialect, url: string, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const mod = await loadEngineModule();
  const schema = readSchemaFile(dialect);
  const { factory, registry, close } = createSchemaEngineAdapter(dialect, url);
  const logs: string[] = [];
  let engine: SchemaEngine | undefined;
  try {
    engine = await mod.SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, (msg) => logs.push(msg), factory);
    return await fn(engine);
  } catch (error) {
    throw engineError(error, registry);
  } finally {
    engine?.free();
    await close();
  }
}

/** Turns what the engine throws (often a JSON string or a registered JS error) into an Error with a readable message. */
function engineError(error: unknown, registry: { consumeError(id: number): { error: unknown } | undefined }): Error {
  if (error instanceof Error) return error;
  let message = String(error);
  try {
    const parsed = typeof error === 'string' ? JSON.parse(error) : error;
    if (parsed && typeof parsed === 'object') {
      const p = parsed as { message?: string; error_code?: string; meta?: { id?: number } };
      if (typeof p.meta?.id === 'number') {
        const original = registry.consumeError(p.meta.id)?.error;
        if (original instanceof Error) return original;
      }
      message = p.error_code ? `${p.error_code}: ${p.message}` : (p.message ?? message);
    }
  } catch {
    // not JSON: keep the string
  }
  return new Error(message);
}
