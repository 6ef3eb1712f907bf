// Measures how long the event loop was held: the longest gap between ticks of a 1 ms interval. (perf_hooks'
// monitorEventLoopDelay misses a single long block that ends right before it is read.)
export interface LoopWatch {
  /** Stops watching and returns the longest time, in ms, the loop went without running the timer. */
  stop(): Promise<number>;
}

export function watchEventLoop(): LoopWatch {
  let last = performance.now();
  let longest = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  return {
    stop: async () => {
      await new Promise((resolve) => setTimeout(resolve, 5)); // let a block that just ended be seen
      clearInterval(tick);
      return longest;
    },
  };
}
