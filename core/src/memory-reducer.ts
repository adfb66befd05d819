import { Script, runInNewContext } from 'node:vm';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { performance } from 'node:perf_hooks';

type Collect = (options: { type: 'major'; execution: 'async' }) => Promise<void>;

/** An interval whose event loop was busier than this is not idle. */
const IDLE_UTILIZATION = 0.05;
/** Heap growth above its last settled size that is worth one full collection once idle. */
const GROWN_BYTES = 8 * 2 ** 20;

/**
 * Lets V8 hand memory back once a burst of work is over.
 * - V8's memory reducer (the idle-time GC that shrinks the heap and returns its pages) starts only
 *   when allocation looks low on every heap it watches, the C++ (cppgc) one included. Node 24
 *   allocates there only for `node:vm` objects, and a rate of exactly zero reads as high, so after a
 *   load the heap kept its peak size for good (nodejs/node#66564). A trivial vm.Script each period
 *   makes that rate tiny instead of zero.
 * - Even awake, the reducer runs again only once the old generation has grown by more than 10 % and
 *   10 MB since its last run. A portal that promotes little (as it does since renewals and metrics
 *   stopped promoting) can end a load below that, holding 10–15 MB of garbage until the next load.
 *   So when a period was idle (event loop under 5 % busy) and the heap is still 8 MB over its last
 *   settled size, one full collection runs, in the background, through a `gc` taken from a fresh
 *   context: `--expose-gc` is on only for that moment, and no plugin's global scope gets `gc`.
 * Costs one empty compile a period, and a full collection (tens of ms, while idle) after a load.
 */
export function keepMemoryReducerAwake(everyMs = 10_000): () => void {
  const collect = hiddenCollector();
  let settled = heapSize();
  let since = performance.eventLoopUtilization();
  let collecting = false;
  const timer = setInterval(() => {
    new Script('');
    const idle = performance.eventLoopUtilization(since).utilization < IDLE_UTILIZATION;
    since = performance.eventLoopUtilization();
    const size = heapSize();
    if (size < settled) settled = size;
    if (!collect || collecting || !idle || size <= settled + GROWN_BYTES) return;
    collecting = true;
    collect({ type: 'major', execution: 'async' }).then(
      () => {
        collecting = false;
        settled = heapSize();
      },
      () => (collecting = false),
    );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

const heapSize = () => getHeapStatistics().total_heap_size;

/** V8's `gc`, without putting it on any global object that outlives this call; undefined if V8 refuses. */
function hiddenCollector(): Collect | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as Collect | undefined;
    return typeof gc === 'function' ? gc : undefined;
  } catch {
    return undefined;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
