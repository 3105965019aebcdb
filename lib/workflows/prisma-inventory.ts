import type { DbClient } from '@/lib/db/client';
import { sqliteGateFor } from '@/lib/store/sqlite-gate';
import { DEFAULT_INVENTORY, findItem, type InventoryItem, type InventoryStore, type StockChange } from './inventory';

/**
 * The order demo's stock in the InventoryItem table; an empty table is filled with DEFAULT_INVENTORY on first use.
 * Every query goes through the client's SQLite gate: on SQLite the workflow store shares this client's one
 * connection, and a query issued while the store's transaction is open would run inside that transaction.
 */
export class PrismaInventory implements InventoryStore {
  private seeded: Promise<void> | undefined;

  constructor(private readonly db: DbClient) {}

  private query<T>(run: () => Promise<T>): Promise<T> {
    return sqliteGateFor(this.db).run(run);
  }

  async get(name: string): Promise<InventoryItem | undefined> {
    return findItem(await this.list(), name);
  }

  async take(name: string, quantity: number): Promise<StockChange> {
    const found = await this.get(name);
    if (!found) return { ok: false, reason: 'unknown-item' };
    // Conditional decrement: two orders racing for the last units cannot both succeed.
    const { count } = await this.query(() =>
      this.db.inventoryItem.updateMany({
        where: { name: found.name, quantity: { gte: quantity } },
        data: { quantity: { decrement: quantity } },
      }),
    );
    const item = (await this.get(found.name)) ?? found;
    return count === 1 ? { ok: true, item } : { ok: false, reason: 'insufficient', item };
  }

  async restock(): Promise<InventoryItem[]> {
    for (const item of DEFAULT_INVENTORY) {
      await this.query(() =>
        this.db.inventoryItem.upsert({
          where: { name: item.name },
          create: { ...item },
          update: { quantity: item.quantity, pricePerItem: item.pricePerItem },
        }),
      );
    }
    return this.list();
  }

  async list(): Promise<InventoryItem[]> {
    await this.ensureSeeded();
    const rows = await this.query(() => this.db.inventoryItem.findMany({ orderBy: { name: 'asc' } }));
    return rows.map(({ name, quantity, pricePerItem }) => ({ name, quantity, pricePerItem }));
  }

  private ensureSeeded(): Promise<void> {
    this.seeded ??= (async () => {
      if ((await this.query(() => this.db.inventoryItem.count())) > 0) return;
      for (const item of DEFAULT_INVENTORY) {
        await this.query(() => this.db.inventoryItem.upsert({ where: { name: item.name }, create: { ...item }, update: {} }));
      }
    })().catch((error: unknown) => {
      this.seeded = undefined;
      throw error;
    });
    return this.seeded;
  }
}

/** The order demo's stock in the database `db` points at. */
export function createPrismaInventory(db: DbClient): InventoryStore {
  return new PrismaInventory(db);
}
