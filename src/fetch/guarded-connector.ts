// An undici connector that refuses to talk to private addresses. Checking the URL text is not enough: DNS names
// can resolve to 127.0.0.1 and redirects can point anywhere, so the check runs on the DNS answer (before any packet
// is sent) and again on the socket's remote address (the address actually connected to), for every connection.
import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { buildConnector } from "undici";
import { isBlockedAddress } from "./address-guard.ts";
import { familyOf, hostLookups, sharedLookup, wantsAll } from "./host-lookups.ts";

export class BlockedAddressError extends Error {
  readonly hostname: string;
  readonly address: string;
  constructor(hostname: string, address: string) {
    super(`${hostname} resolves to ${address}, a private or reserved address`);
    this.name = "BlockedAddressError";
    this.hostname = hostname;
    this.address = address;
  }
}

export type AddressPredicate = (address: string) => boolean;

export interface ConnectorOptions {
  connectTimeoutMs: number;
  allowPrivateNetworks: boolean;
  /** Which addresses to refuse; tests swap in a narrower rule to exercise the guard on loopback. */
  isBlocked?: AddressPredicate;
}

export function createGuardedConnector(options: ConnectorOptions): buildConnector.connector {
  if (options.allowPrivateNetworks)
    return buildConnector({ timeout: options.connectTimeoutMs, lookup: sharedLookup() });
  const isBlocked = options.isBlocked ?? isBlockedAddress;
  const connect = buildConnector({ timeout: options.connectTimeoutMs, lookup: createGuardedLookup(isBlocked) });
  return (target, callback) => {
    connect(target, (error, socket) => {
      if (error || !socket) {
        callback(error ?? new Error(`could not connect to ${target.hostname}`), null);
        return;
      }
      const address = socket.remoteAddress;
      if (address === undefined || isBlocked(address)) {
        socket.destroy();
        callback(new BlockedAddressError(target.hostname, address ?? "an unknown address"), null);
        return;
      }
      callback(null, socket);
    });
  };
}

/**
 * A lookup (host-lookups.ts: answers shared for a minute) that fails when any resolved address is blocked. All
 * addresses are checked, not just the first, because Node's happy-eyeballs connect (autoSelectFamily) may try any.
 */
export function createGuardedLookup(isBlocked: AddressPredicate = isBlockedAddress): LookupFunction {
  return (hostname, options, callback) => guardedLookup(isBlocked, hostname, options, callback);
}

function guardedLookup(
  isBlocked: AddressPredicate,
  ...[hostname, options, callback]: Parameters<LookupFunction>
): void {
  hostLookups.lookupAll(hostname, familyOf(options), (error, addresses: LookupAddress[]) => {
    if (error) {
      callback(error, "", 0);
      return;
    }
    const blocked = addresses.find((entry) => isBlocked(entry.address));
    if (blocked) {
      callback(new BlockedAddressError(hostname, blocked.address) as NodeJS.ErrnoException, "", 0);
      return;
    }
    if (wantsAll(options)) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  });
}
