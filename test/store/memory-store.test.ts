import { MemoryStore } from '@/lib/store/memory-store';
import { describeStoreContract } from './store-contract';

describeStoreContract('in-memory', async () => {
  const store = new MemoryStore();
  return { store, dispose: () => store.close() };
});
