import { MemoryStore } from '@/lib/store/memory-store';
import { describeEngine } from './engine-suite';

describeEngine('the in-memory store', async () => {
  const store = new MemoryStore();
  return { store, dispose: () => store.close() };
});

describeEngine(
  'the in-memory store',
  async () => {
    const store = new MemoryStore();
    return { store, dispose: () => store.close() };
  },
  0,
);
