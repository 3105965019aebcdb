// Checks of workflow inputs: workflow code calls these, so a malformed start request fails the
// instance with a message that says which field is wrong.

/** The input as an object, or an error naming the workflow and the shape it expects. */
export function inputObject(input: unknown, workflow: string, shape: string): Record<string, unknown> {
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return input as Record<string, unknown>;
  throw new TypeError(`${workflow} expects ${shape}; it got ${JSON.stringify(input) ?? 'nothing'}`);
}

/** A number field that must be at least `min` (default 0); `fallback` when absent (required when no fallback). */
export function numberField(record: Record<string, unknown>, key: string, fallback?: number, min = 0): number {
  const value = record[key];
  if (value === undefined || value === null) {
    if (fallback === undefined) throw new TypeError(`'${key}' is required`);
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new RangeError(`'${key}' must be a number >= ${min}; it is ${JSON.stringify(value)}`);
  }
  return value;
}

/** A whole number that must be at least `min`. */
export function wholeNumber(value: unknown, what: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${what} must be a whole number >= ${min}; it is ${JSON.stringify(value) ?? 'missing'}`);
  }
  return value;
}
