// The order demo's stock: an interface, its default contents and an in-memory implementation.

/** One stocked item. */
export interface InventoryItem {
  name: string;
  quantity: number;
  pricePerItem: number;
}

/** The outcome of taking stock: the item after the change, or why nothing was taken. */
export type StockChange =
  | { ok: true; item: InventoryItem }
  | { ok: false; reason: 'unknown-item' }
  | { ok: false; reason: 'insufficient'; item: InventoryItem };

/** Where the order demo keeps its stock. Item names are matched case-insensitively ("cars" finds "Cars"). */
export interface InventoryStore {
  /** The item named `name`, or undefined. */
  get(name: string): Promise<InventoryItem | undefined>;
  /** Takes `quantity` of an item atomically when enough is in stock; otherwise changes nothing. */
  take(name: string, quantity: number): Promise<StockChange>;
  /** Puts every default item back to its default quantity and price; returns the whole stock. */
  restock(): Promise<InventoryItem[]>;
  /** Every item, sorted by name. */
  list(): Promise<InventoryItem[]>;
}

/** The stock a fresh database starts with (the Dapr quickstart's items and prices). */
export const DEFAULT_INVENTORY: readonly InventoryItem[] = [
  { name: 'Cars', quantity: 100, pricePerItem: 15000 },
  { name: 'Computers', quantity: 100, pricePerItem: 500 },
  { name: 'Paperclips', quantity: 100, pricePerItem: 5 },
];

/** Finds an item by name, ignoring case. */
export function findItem(items: readonly InventoryItem[], name: string): InventoryItem | undefined {
  const key = name.trim().toLowerCase();
  return items.find((item) => item.name.toLowerCase() === key);
}

/** An InventoryStore in process memory (tests, or a throwaway demo). */
export class MemoryInventory implements InventoryStore {
  private items: InventoryItem[];

  constructor(initial: readonly InventoryItem[] = DEFAULT_INVENTORY) {
    this.items = initial.map((item) => ({ ...item }));
  }

  async get(name: string): Promise<InventoryItem | undefined> {
    const item = findItem(this.items, name);
    return item && { ...item };
  }

  async take(name: string, quantity: number): Promise<StockChange> {
    const item = findItem(this.items, name);
    if (!item) return { ok: false, reason: 'unknown-item' };
    if (item.quantity < quantity) return { ok: false, reason: 'insufficient', item: { ...item } };
    item.quantity -= quantity;
    return { ok: true, item: { ...item } };
  }

  async restock(): Promise<InventoryItem[]> {
    for (const stock of DEFAULT_INVENTORY) {
      const item = findItem(this.items, stock.name);
      if (item) Object.assign(item, stock);
      else this.items.push({ ...stock });
    }
    return this.list();
  }

  async list(): Promise<InventoryItem[]> {
    return this.items.map((item) => ({ ...item })).sort((a, b) => a.name.localeCompare(b.name));
  }
}
