// Politeness towards each news site: a bounded number of requests in flight per host and a minimum gap between
// request starts, so a burst of scheduled polls does not hammer one small regional server. In-process only.

export interface HostLimiterOptions {
  concurrency: number;
  minIntervalMs: number;
  /** Injectable clock for tests. */
  now?: () => number;
}

export interface HostLimiter {
  /** Runs `task` once `host` has a free slot and its interval since the previous start has passed. */
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
}

interface HostState {
  active: number;
  lastStartAt: number;
  waiting: Array<() => void>;
  timer?: ReturnType<typeof setTimeout>;
}

export function createHostLimiter(options: HostLimiterOptions): HostLimiter {
  const now = options.now ?? Date.now;
  const concurrency = Math.max(1, options.concurrency);
  const hosts = new Map<string, HostState>();

  function startNext(host: string, state: HostState): void {
    if (state.timer || state.active >= concurrency) return;
    const next = state.waiting.shift();
    if (!next) {
      // Forget idle hosts once their interval has passed, so the map does not grow with every host ever seen.
      if (state.active === 0 && now() - state.lastStartAt >= options.minIntervalMs) hosts.delete(host);
      return;
    }
    const waitMs = state.lastStartAt + options.minIntervalMs - now();
    if (waitMs > 0) {
      state.waiting.unshift(next);
      state.timer = setTimeout(() => {
        state.timer = undefined;
        startNext(host, state);
      }, waitMs);
      return;
    }
    state.active++;
    state.lastStartAt = now();
    next();
    startNext(host, state);
  }

  async function run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const key = host.toLowerCase();
    let state = hosts.get(key);
    if (!state) {
      state = { active: 0, lastStartAt: -Infinity, waiting: [] };
      hosts.set(key, state);
    }
    const slot = state;
    await new Promise<void>((resolve) => {
      slot.waiting.push(resolve);
      startNext(key, slot);
    });
    try {
      return await task();
    } finally {
      slot.active--;
      startNext(key, slot);
    }
  }

  return { run };
}
