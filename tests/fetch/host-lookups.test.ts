// Host lookups shared by the fetches of a process: one system lookup per name and minute, concurrent ones merged.
import { describe, expect, it } from "vitest";
import type { LookupAddress } from "node:dns";
import { HostLookups, sharedLookup, type ResolveAll } from "../../src/fetch/host-lookups.ts";

/** A resolver that answers when told to, counting what it was asked. */
function slowResolver() {
  const asked: string[] = [];
  const pending: Array<() => void> = [];
  let answer: { error: NodeJS.ErrnoException | null; addresses: LookupAddress[] } = {
    error: null,
    addresses: [{ address: "192.0.2.7", family: 4 }],
  };
  const resolve: ResolveAll = (hostname, family, callback) => {
    asked.push(`${family} ${hostname}`);
    const { error, addresses } = answer;
    pending.push(() => callback(error, addresses));
  };
  return {
    resolve,
    asked,
    answerAll: () => pending.splice(0).forEach((reply) => reply()),
    set: (next: typeof answer) => (answer = next),
  };
}

const lookupOnce = (lookups: HostLookups, host: string, family = 0) =>
  new Promise<{ error: NodeJS.ErrnoException | null; addresses: LookupAddress[] }>((resolve) =>
    lookups.lookupAll(host, family, (error, addresses) => resolve({ error, addresses })),
  );

describe("host lookups", () => {
  it("merge concurrent lookups of one name into one, and answer from it for a minute", async () => {
    const resolver = slowResolver();
    let now = 0;
    const lookups = new HostLookups(resolver.resolve, 60_000, () => now);
    const concurrent = [1, 2, 3].map(() => lookupOnce(lookups, "Feeds.example"));
    resolver.answerAll();
    for (const { addresses } of await Promise.all(concurrent)) expect(addresses[0].address).toBe("192.0.2.7");
    expect(resolver.asked).toEqual(["0 Feeds.example"]);
    now = 59_000;
    expect((await lookupOnce(lookups, "feeds.example")).addresses[0].address).toBe("192.0.2.7");
    expect(resolver.asked).toHaveLength(1);
    now = 61_000;
    resolver.set({ error: null, addresses: [{ address: "192.0.2.8", family: 4 }] });
    const later = lookupOnce(lookups, "feeds.example");
    resolver.answerAll();
    expect((await later).addresses[0].address).toBe("192.0.2.8");
    expect(resolver.asked).toHaveLength(2);
    // Another family is another question.
    const v6 = lookupOnce(lookups, "feeds.example", 6);
    resolver.answerAll();
    await v6;
    expect(resolver.asked).toEqual(["0 Feeds.example", "0 feeds.example", "6 feeds.example"]);
  });

  it("does not keep a failure: the next lookup asks again", async () => {
    const resolver = slowResolver();
    const lookups = new HostLookups(resolver.resolve);
    resolver.set({
      error: Object.assign(new Error("getaddrinfo EAI_AGAIN gone.example"), { code: "EAI_AGAIN" }),
      addresses: [],
    });
    const failed = lookupOnce(lookups, "gone.example");
    resolver.answerAll();
    expect((await failed).error?.code).toBe("EAI_AGAIN");
    resolver.set({ error: null, addresses: [] });
    const empty = lookupOnce(lookups, "gone.example");
    resolver.answerAll();
    expect((await empty).error?.code).toBe("ENOTFOUND");
    expect(resolver.asked).toHaveLength(2);
  });

  it("resolves a real name for net.connect, one address or all", async () => {
    const lookup = sharedLookup(new HostLookups());
    const one = await new Promise<string>((resolve, reject) =>
      lookup("localhost", { family: 4 }, (error, address) => (error ? reject(error) : resolve(address as string))),
    );
    expect(one).toBe("127.0.0.1");
    const all = await new Promise<LookupAddress[]>((resolve, reject) =>
      lookup("localhost", { all: true, family: 4 }, (error, addresses) =>
        error ? reject(error) : resolve(addresses as unknown as LookupAddress[]),
      ),
    );
    expect(all.map((a) => a.address)).toContain("127.0.0.1");
  });
});
