import { describe, expect, it } from 'vitest';
import { parseJsonText } from './json-text';

describe('parseJsonText', () => {
  it('accepts JSON and treats empty text as no payload', () => {
    expect(parseJsonText('{"approval": true}')).toEqual({ ok: true, value: { approval: true } });
    expect(parseJsonText('  ')).toEqual({ ok: true, value: undefined });
  });

  it('refuses invalid JSON and says on which line and column it fails', () => {
    const trailingComma = parseJsonText('{\n  "a": 1,\n}');
    expect(trailingComma).toMatchObject({ ok: false });
    expect(!trailingComma.ok && trailingComma.message).toMatch(/line 3, column 1/);
    const badToken = parseJsonText('{\n  "a": x }');
    expect(!badToken.ok && badToken.message).toMatch(/line 2, column 8/);
  });
});
