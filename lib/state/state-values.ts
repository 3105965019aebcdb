// How state values cross the HTTP API: a JSON value is stored as its JSON text, and stored bytes come back as-is
// (or, inside a bulk answer's JSON, as JSON when they are JSON and as a string when they are not).

/** The bytes stored for a JSON value sent over HTTP: its compact JSON text, as Dapr stores it. */
export function encodeJsonValue(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** The stored bytes as UTF-8 text, or undefined when they are not valid UTF-8. */
export function utf8TextOf(value: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(value);
  } catch {
    return undefined;
  }
}

/** True when the bytes are one JSON value (what HTTP saves store, and most SDKs send over gRPC). */
export function isJsonBytes(value: Uint8Array): boolean {
  const text = utf8TextOf(value);
  return text !== undefined && isJsonText(text);
}

/**
 * The value as JSON text to embed in a JSON answer: JSON bytes as they are; other UTF-8 text as a JSON string;
 * bytes that are not UTF-8 as a JSON string of their base64.
 */
export function embeddableJson(value: Uint8Array): string {
  const text = utf8TextOf(value);
  if (text === undefined) return JSON.stringify(Buffer.from(value).toString('base64'));
  return isJsonText(text) ? text.trim() : JSON.stringify(text);
}

function isJsonText(text: string): boolean {
  if (text.trim() === '') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
