// The audit log as a download: CSV (one row per entry, the columns below) or a JSON array, streamed batch by batch.
import { csvRow } from '../api/csv';
import type { AuditEntryView } from './audit-entry';

/** The CSV columns, in order. */
export const AUDIT_CSV_COLUMNS = [
  'at', 'actorKind', 'actorName', 'actorId', 'address', 'action', 'instanceId', 'target', 'reason', 'outcome', 'status', 'code', 'payloadHash', 'payload', 'details',
] as const;

/** The CSV line of one entry (details as JSON text). */
export function auditCsvRow(entry: AuditEntryView): string {
  return csvRow(AUDIT_CSV_COLUMNS.map((column) => (column === 'details' ? (entry.details ? JSON.stringify(entry.details) : undefined) : entry[column])));
}

/** The export's body: CSV with its header line, or a JSON array, of the entries in the order given. */
export function auditExportStream(entries: AsyncIterable<AuditEntryView>, format: 'csv' | 'json'): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = entries[Symbol.asyncIterator]();
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const lines: string[] = [];
      if (first) lines.push(format === 'csv' ? csvRow(AUDIT_CSV_COLUMNS) : '[');
      for (let n = 0; n < 200; n++) {
        const next = await iterator.next();
        if (next.done) {
          if (format === 'json') lines.push(first ? ']\n' : '\n]\n');
          controller.enqueue(encoder.encode(lines.join('')));
          return controller.close();
        }
        lines.push(format === 'csv' ? auditCsvRow(next.value) : `${first ? '\n' : ',\n'}${JSON.stringify(next.value)}`);
        first = false;
      }
      controller.enqueue(encoder.encode(lines.join('')));
    },
  });
}
