import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Everything from the first model/enum/type block on: the part both schema files must share, but for an index of
 * one provider's own (a `// postgresql only:` comment line and the attribute line after it).
 */
function modelBlocks(file: string): string {
  const text = fs.readFileSync(path.join(process.cwd(), file), 'utf8');
  const start = text.search(/^(model|enum|type|view)\s/m);
  if (start < 0) throw new Error(`${file} has no model blocks`);
  return text
    .slice(start)
    .replace(/^[ \t]*\/\/ postgresql only:.*\n[ \t]*@@index\(.*\n/gm, '')
    .replace(/[ \t]+$/gm, '')
    .trim();
}

describe('schema parity', () => {
  it('prisma/sqlite and prisma/postgres declare identical models', () => {
    expect(modelBlocks('prisma/postgres/schema.prisma')).toBe(modelBlocks('prisma/sqlite/schema.prisma'));
  });

  it('each schema generates its client into lib/db/generated/<provider>', () => {
    for (const [file, provider, out] of [
      ['prisma/sqlite/schema.prisma', 'sqlite', 'sqlite'],
      ['prisma/postgres/schema.prisma', 'postgresql', 'postgres'],
    ]) {
      const text = fs.readFileSync(path.join(process.cwd(), file), 'utf8');
      expect(text).toContain(`provider = "${provider}"`);
      expect(text).toContain(`output       = "../../lib/db/generated/${out}"`);
    }
  });
});
