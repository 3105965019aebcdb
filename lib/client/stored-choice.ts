'use client';

import { useCallback, useSyncExternalStore } from 'react';

/** Tells this page's other readers of `key` that it changed (other tabs hear the 'storage' event). */
const eventOf = (key: string) => `flowdeck-choice:${key}`;

/**
 * A choice among `values` kept per browser in localStorage under `key`, shared by every component that reads it
 * and followed across tabs; `fallback` until chosen (and on the server), and choosing it removes the stored value.
 */
export function useStoredChoice<T extends string>(key: string, values: readonly T[], fallback: T): [T, (choice: T) => void] {
  const read = useCallback((): T => {
    try {
      const value = window.localStorage.getItem(key);
      return values.includes(value as T) ? (value as T) : fallback;
    } catch {
      return fallback;
    }
  }, [key, values, fallback]);
  const subscribe = useCallback(
    (onChange: () => void) => {
      window.addEventListener(eventOf(key), onChange);
      window.addEventListener('storage', onChange);
      return () => {
        window.removeEventListener(eventOf(key), onChange);
        window.removeEventListener('storage', onChange);
      };
    },
    [key],
  );
  const choice = useSyncExternalStore(subscribe, read, () => fallback);
  const choose = useCallback(
    (next: T) => {
      try {
        if (next === fallback) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, next);
      } catch {
        // storage refused (private mode): nothing is kept
      }
      window.dispatchEvent(new Event(eventOf(key)));
    },
    [key, fallback],
  );
  return [choice, choose];
}
