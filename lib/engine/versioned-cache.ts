/**
 * Per-instance values that are valid at one instance version (an executor, a runtime state), least recently
 * used dropped first. A step finds what the previous step left only if nobody else stepped the instance since.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { value: T; version: number }>();

  constructor(private readonly capacity: number) {}

  /** The value for the instance if it is cached at exactly this version. */
  get(instanceId: string, version: number): T | undefined {
    const entry = this.entries.get(instanceId);
    if (!entry || entry.version !== version) return undefined;
    this.entries.delete(instanceId); // refresh its place in the LRU order
    this.entries.set(instanceId, entry);
    return entry.value;
  }

  /** The value cached for the instance at whatever version (its place in the LRU order stays). */
  peek(instanceId: string): T | undefined {
    return this.entries.get(instanceId)?.value;
  }

  /** Keeps a value that now matches `version`. */
  set(instanceId: string, value: T, version: number): void {
    if (this.capacity <= 0) return;
    this.entries.delete(instanceId);
    this.entries.set(instanceId, { value, version });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets an instance's value (its step was not committed, or the execution ended). */
  delete(instanceId: string): void {
    this.entries.delete(instanceId);
  }
}
