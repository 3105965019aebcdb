// Types for scripts/pg-cluster.mjs (used from TypeScript scripts and tests).

/** A running throwaway PostgreSQL cluster. */
export interface ThrowawayCluster {
  /** postgresql://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** Its data directory. */
  dataDir: string;
  /** Stops the server and deletes its files (synchronous, idempotent). */
  stop(): void;
}

/** The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl, or null. */
export function findPostgresBin(): string | null;
/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number>;
/** Starts a fresh cluster; rejects with a one-line reason when that is not possible here. */
export function startThrowawayCluster(): Promise<ThrowawayCluster>;
