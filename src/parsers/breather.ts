// Long loops over a document's items pause for the event loop every few tens of milliseconds, so one large document
// never holds a worker process (its job locks, its other queues) for long. Not I/O: only a turn of the loop.
import { setImmediate as nextTurn } from "node:timers/promises";

const SLICE_MS = 50;

/** Returns a function to await once per item; it yields only when the current slice of work is used up. */
export function breather(sliceMs = SLICE_MS): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await nextTurn();
    sliceStart = performance.now();
  };
}
