/** The outcome of parsing a JSON editor's text: the value, or where and why it fails. */
export type JsonParseResult = { ok: true; value: unknown } | { ok: false; message: string };

/** Parses editor text as JSON; empty text means "no payload" (undefined). Errors name the line and column. */
export function parseJsonText(text: string): JsonParseResult {
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Invalid JSON${locate(text, raw)}: ${raw.replace(/\s*\(line \d+ column \d+\)$/, '')}` };
  }
}

/** Pretty JSON text for an editor or viewer ("" for undefined). */
export function toJsonText(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2);
}

function locate(text: string, message: string): string {
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return ` at line ${lineCol[1]}, column ${lineCol[2]}`;
  const position = /position (\d+)/.exec(message);
  const at = position ? Number(position[1]) : firstFailingPrefix(text, message);
  if (at === undefined) return '';
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}

/** Where an error without a position starts: the shortest prefix failing with the same error (short texts only). */
function firstFailingPrefix(text: string, message: string): number | undefined {
  const head = message.split(',')[0];
  if (text.length > 5000 || !head.startsWith('Unexpected token')) return undefined;
  for (let end = 1; end <= text.length; end++) {
    try {
      JSON.parse(text.slice(0, end));
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(head)) return end - 1;
    }
  }
  return undefined;
}
