// Which IP addresses a feed fetch may connect to. Feed URLs come from configuration and from redirects chosen by
// remote servers, so a URL must never reach the machine itself, the private network or cloud metadata (SSRF).
// Pure: classifies address strings; the fetcher applies it to DNS answers and to the socket actually connected.
import { BlockList, isIP } from "node:net";

// IPv4 ranges that are not the public internet (IANA special-purpose registry, RFC 6890 and successors).
const BLOCKED_IPV4: ReadonlyArray<[string, number]> = [
  ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches localhost on Linux
  ["10.0.0.0", 8], // RFC 1918
  ["100.64.0.0", 10], // CGNAT, RFC 6598
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, including cloud metadata at 169.254.169.254
  ["172.16.0.0", 12], // RFC 1918
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast (deprecated, RFC 7526): traffic goes wherever a relay sends it
  ["192.168.0.0", 16], // RFC 1918
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and 255.255.255.255 broadcast
];

const BLOCKED_IPV6: ReadonlyArray<[string, number]> = [
  ["::", 96], // unspecified, loopback ::1 and the deprecated IPv4-compatible form
  ["::ffff:0:0:0", 96], // IPv4-translated (RFC 2765 SIIT): ::ffff:0:a.b.c.d reaches a.b.c.d
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001::", 32], // Teredo: tunnels to an IPv4 address hidden (XOR-ed) in the last 32 bits
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // deprecated site-local
  ["ff00::", 8], // multicast
];

// IPv6 forms that carry an IPv4 address the packet ends up at: NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
// IPv4-mapped addresses (::ffff:a.b.c.d) need no entry: BlockList matches them against the IPv4 rules.

const blockList = buildBlockList();

function buildBlockList(): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of BLOCKED_IPV4) list.addSubnet(network, prefix, "ipv4");
  for (const [network, prefix] of BLOCKED_IPV6) list.addSubnet(network, prefix, "ipv6");
  return list;
}

/** True when `address` (an IP literal) is loopback, private, link-local, CGNAT, multicast, reserved or unspecified. */
export function isBlockedAddress(address: string): boolean {
  const withoutZone = address.replace(/%.*$/, "");
  const family = isIP(withoutZone);
  if (family === 0) return true; // Not an IP address at all: refuse rather than guess.
  if (family === 4) return blockList.check(withoutZone, "ipv4");
  if (blockList.check(withoutZone, "ipv6")) return true;
  const embedded = embeddedIpv4(withoutZone);
  return embedded !== undefined && blockList.check(embedded, "ipv4");
}

/** The hostname of a URL as an IP literal (brackets removed), or undefined when it is a DNS name. */
export function ipLiteralOf(hostname: string): string | undefined {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return isIP(bare) === 0 ? undefined : bare;
}

function embeddedIpv4(ipv6: string): string | undefined {
  const hextets = expandIpv6(ipv6);
  const isNat64 = hextets[0] === 0x64 && hextets[1] === 0xff9b && hextets.slice(2, 6).every((group) => group === 0);
  if (isNat64) return ipv4FromHextets(hextets[6], hextets[7]);
  if (hextets[0] === 0x2002) return ipv4FromHextets(hextets[1], hextets[2]);
  return undefined;
}

function ipv4FromHextets(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

/** Eight 16-bit groups of a valid IPv6 address, expanding "::" and a dotted IPv4 tail. */
function expandIpv6(ipv6: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ipv6);
  const hexOnly = dotted
    ? ipv6.slice(0, dotted.index) +
      `${((+dotted[1] << 8) | +dotted[2]).toString(16)}:${((+dotted[3] << 8) | +dotted[4]).toString(16)}`
    : ipv6;
  const [head, tail] = hexOnly.split("::");
  const parse = (part: string | undefined) => (part ? part.split(":").map((group) => parseInt(group, 16)) : []);
  const headGroups = parse(head);
  const tailGroups = parse(tail);
  const zeros = new Array(8 - headGroups.length - tailGroups.length).fill(0);
  return tail === undefined ? headGroups : [...headGroups, ...zeros, ...tailGroups];
}
