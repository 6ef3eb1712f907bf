// Host names as a fetching process resolves them: each name at most once a minute, and concurrent fetches of one
// host share one lookup. dns.lookup runs the system resolver (getaddrinfo) on libuv's pool of 4 threads, and every
// fetch looked its host up again. Under a slow resolver (container DNS answering some queries only after its 5 s
// timeout) those threads were all waiting: fetches queued behind them hit their connect timeout, and a stopping
// worker's process.exit, which waits for the pool's threads, outlived its grace period (the containers' smoke test
// saw exit 137). Failed lookups are not kept: the next fetch asks again.
import { lookup as systemLookup } from "node:dns";
import type { LookupAddress, LookupOneOptions, LookupOptions } from "node:dns";
import type { LookupFunction } from "node:net";

export const HOST_LOOKUP_TTL_MS = 60_000;
/** Names kept at most; the oldest answers go first. */
const MAX_HOSTS = 1_000;

type Answer = (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void;

/** Every address of a name, of one family (0: both), as dns.lookup with `all: true` gives them. */
export type ResolveAll = (hostname: string, family: number, callback: Answer) => void;

const resolveWithSystem: ResolveAll = (hostname, family, callback) =>
  systemLookup(hostname, { all: true, family }, (error, addresses) => callback(error, addresses ?? []));

export class HostLookups {
  private readonly answers = new Map<string, { at: number; addresses: LookupAddress[] }>();
  private readonly waiting = new Map<string, Answer[]>();
  private readonly resolve: ResolveAll;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(resolve: ResolveAll = resolveWithSystem, ttlMs = HOST_LOOKUP_TTL_MS, now: () => number = Date.now) {
    this.resolve = resolve;
    this.ttlMs = ttlMs;
    this.now = now;
  }

  lookupAll(hostname: string, family: number, callback: Answer): void {
    const key = `${family} ${hostname.toLowerCase()}`;
    const kept = this.answers.get(key);
    if (kept && this.now() - kept.at < this.ttlMs) {
      process.nextTick(callback, null, kept.addresses);
      return;
    }
    const queued = this.waiting.get(key);
    if (queued) {
      queued.push(callback);
      return;
    }
    this.waiting.set(key, [callback]);
    this.resolve(hostname, family, (error, addresses) => {
      const callbacks = this.waiting.get(key) ?? [];
      this.waiting.delete(key);
      if (!error && addresses.length) this.keep(key, addresses);
      const failure = error ?? (addresses.length ? null : notFound(hostname));
      for (const answer of callbacks) answer(failure, addresses);
    });
  }

  private keep(key: string, addresses: LookupAddress[]): void {
    this.answers.delete(key);
    this.answers.set(key, { at: this.now(), addresses });
    for (const oldest of this.answers.keys()) {
      if (this.answers.size <= MAX_HOSTS) break;
      this.answers.delete(oldest);
    }
  }
}

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname });
}

/** The lookups of every fetch in this process. */
export const hostLookups = new HostLookups();

export function familyOf(options: LookupOptions | LookupOneOptions): number {
  const { family } = options;
  if (family === "IPv4") return 4;
  if (family === "IPv6") return 6;
  return family ?? 0;
}

export function wantsAll(options: LookupOptions | LookupOneOptions): boolean {
  return "all" in options && options.all === true;
}

/** A `lookup` for net.connect over the shared answers. */
export function sharedLookup(lookups: HostLookups = hostLookups): LookupFunction {
  return (hostname, options, callback) =>
    lookups.lookupAll(hostname, familyOf(options), (error, addresses) => {
      if (error) callback(error, "", 0);
      else if (wantsAll(options)) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
}
