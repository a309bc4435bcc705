/**
 * @module `OutboundPolicy`: where alert notifications (Slack, PagerDuty, webhooks) may connect. Any team member can
 * set those URLs, so by default only public addresses are allowed: loopback, private, CGNAT, link-local (and the
 * cloud metadata address), unique-local, unspecified, multicast and reserved addresses are refused, also in their
 * IPv4-mapped and other embedded IPv6 forms (`address-class.ts`). The check runs twice: on the literal host when a
 * rule is saved (a clear 400), and after DNS resolution when the request connects — `lookup()` is the socket's
 * resolver, so the address that is checked is the address that is connected to, and a name that re-resolves to
 * an internal address (DNS rebinding) is caught. Numeric host forms (`2130706433`, `0x7f.1`) are normalised by
 * the URL parser before the literal check, and by the resolver before the connect-time one.
 *
 * `--alert-allow-hosts` (comma-separated CIDRs, addresses and host names, `*.example.internal` for a domain's
 * subdomains) lets an operator allow deliberate internal receivers.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { addressClass, embeddedIpv4, formatIp, inCidr, parseCidr, parseIp, type Cidr } from './address-class.ts';

export class OutboundPolicyError extends Error {}

/** Raised by the policy's resolver: the request never connects. */
export class RefusedAddressError extends Error {
  readonly code = 'FAULTLINE_REFUSED_ADDRESS';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

const HOST_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

export class OutboundPolicy {
  private readonly cidrs: Cidr[] = [];
  private readonly names = new Set<string>();
  private readonly suffixes: string[] = [];

  /** `spec`: the `--alert-allow-hosts` value; throws `OutboundPolicyError` naming a bad entry. */
  constructor(spec: string | undefined) {
    for (const raw of (spec ?? '').split(',')) {
      const entry = raw.trim().toLowerCase();
      if (entry === '') continue;
      const cidr = parseCidr(entry);
      if (cidr) this.cidrs.push(cidr);
      else if (/^[\d.:[\]/]+$/.test(entry) || !HOST_NAME.test(entry.replace(/\.$/, ''))) throw new OutboundPolicyError(`"${raw.trim()}" is neither an address, a CIDR nor a host name`);
      else if (entry.startsWith('*.')) this.suffixes.push(entry.slice(1).replace(/\.$/, ''));
      else this.names.add(entry.replace(/\.$/, ''));
    }
  }

  /** Why a URL's literal host may not be called (an IP address outside the allow-list), or null. */
  refuseLiteral(url: URL): string | null {
    const ip = parseIp(url.hostname);
    if (!ip || this.allowsName(url.hostname)) return null;
    return this.refuseAddress(ip, url.hostname);
  }

  /** A `dns.lookup` replacement for the sockets of notifications: resolves, then refuses non-public answers. */
  lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      if (!this.allowsName(hostname)) {
        for (const a of addresses) {
          const ip = parseIp(a.address);
          const why = ip ? this.refuseAddress(ip, hostname) : `${hostname} resolved to something that is not an address`;
          if (why) return callback(new RefusedAddressError(why), []);
        }
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };

  private allowsName(hostname: string): boolean {
    const host = hostname.toLowerCase().replace(/\.$/, '');
    return this.names.has(host) || this.suffixes.some((s) => host.endsWith(s));
  }

  private refuseAddress(ip: Uint8Array, host: string): string | null {
    const what = addressClass(ip);
    if (what === null) return null;
    const v4 = ip.length === 16 ? embeddedIpv4(ip) : undefined;
    if (this.cidrs.some((c) => inCidr(ip, c) || (v4 !== undefined && inCidr(v4, c)))) return null;
    const literal = parseIp(host) !== undefined;
    // A resolved name's address is not named: the delivery log must not become a way to map internal DNS.
    const subject = literal ? `${formatIp(v4 ?? ip)} is ${what.startsWith('the ') ? what : `${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} address`}` : `${host} resolves to a non-public address`;
    return `refused: ${subject}; alert notifications only go to public addresses unless --alert-allow-hosts (FAULTLINE_ALERT_ALLOW_HOSTS) allows the receiver`;
  }
}
