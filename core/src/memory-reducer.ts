import { Script } from 'node:vm';

/**
 * Lets V8 hand memory back once a burst of work is over. V8's memory reducer (the idle-time GC that
 * shrinks the heap and returns its pages) starts only when allocation looks low on every heap it
 * watches, the C++ (cppgc) one included. Node 24 allocates there only for `node:vm` objects, and a
 * rate of exactly zero reads as high, so after a load the heap kept its peak size for good
 * (nodejs/node#66564). A trivial vm.Script now and then makes that rate tiny instead of zero: about
 * 25 s after a load ends the portal is back below its size at start. Costs one empty compile a period.
 */
export function keepMemoryReducerAwake(everyMs = 10_000): () => void {
  const timer = setInterval(() => new Script(''), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
