import { describe, expect, test } from 'vitest';
import { parseTraceContext } from './trace-context';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('parseTraceContext (W3C traceparent/tracestate)', () => {
  test('a valid traceparent is kept (lowercased, trimmed), with its tracestate', () => {
    expect(parseTraceContext(` 00-${TRACE.toUpperCase()}-${SPAN}-01 `, 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE')).toEqual({
      traceParent: `00-${TRACE}-${SPAN}-01`,
      traceState: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
    });
    expect(parseTraceContext(`00-${TRACE}-${SPAN}-00`)).toEqual({ traceParent: `00-${TRACE}-${SPAN}-00` });
  });

  test('a later version is read as version 00, extra fields dropped', () => {
    expect(parseTraceContext(`cc-${TRACE}-${SPAN}-01-what-the-future-holds`)).toEqual({ traceParent: `00-${TRACE}-${SPAN}-01` });
  });

  test('an invalid traceparent is ignored (undefined), and its tracestate with it', () => {
    for (const bad of [
      '',
      'garbage',
      `00-${TRACE}-${SPAN}`,
      `00-${TRACE}-${SPAN}-01-extra`,
      `ff-${TRACE}-${SPAN}-01`,
      `00-${'0'.repeat(32)}-${SPAN}-01`,
      `00-${TRACE}-${'0'.repeat(16)}-01`,
      `00-${TRACE.slice(1)}-${SPAN}-01`,
      `00-${TRACE}-${SPAN}-1`,
      `00-${TRACE.replace('4', 'g')}-${SPAN}-01`,
    ]) {
      expect(parseTraceContext(bad, 'vendor=1'), bad).toBeUndefined();
    }
    expect(parseTraceContext(null)).toBeUndefined();
  });

  test('a tracestate that is not printable ASCII or too long is dropped, the traceparent kept', () => {
    expect(parseTraceContext(`00-${TRACE}-${SPAN}-01`, 'vendor=\u00e9')).toEqual({ traceParent: `00-${TRACE}-${SPAN}-01` });
    expect(parseTraceContext(`00-${TRACE}-${SPAN}-01`, `v=${'x'.repeat(600)}`)).toEqual({ traceParent: `00-${TRACE}-${SPAN}-01` });
  });
});
