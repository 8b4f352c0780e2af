import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook must not reach unless private networks are allowed: this host, private and shared
 * ranges, link-local (cloud metadata services live there), multicast, reserved and documentation ranges.
 */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127], // unspecified and loopback
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** True for an IP address on the public internet; false for anything else, names included. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NON_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  // IPv4-mapped (::ffff:a.b.c.d, or ::ffff:xxxx:xxxx): judged by the IPv4 address.
  const dotted = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (dotted) return isPublicAddress(dotted[1]!);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
    return isPublicAddress([high >> 8, high & 255, low >> 8, low & 255].join('.'));
  }
  return !NON_PUBLIC.check(address, 'ipv6');
}

/** The IP address a URL's host names literally (brackets of IPv6 removed), or null for a name. */
export function literalAddress(hostname: string): string | null {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) !== 0 ? host : null;
}

/** The error of a connection refused because of where it would go (its message names no address). */
export class WebhookAddressError extends Error {
  readonly code = 'EADDRNOTPUBLIC';
  constructor() {
    super('the webhook address is not on the public internet');
    this.name = 'WebhookAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A DNS lookup that keeps only public addresses. Used as the request's `lookup`, it judges the addresses the
 * socket will actually connect to, so a name that resolves differently on a second asking (DNS rebinding)
 * gains nothing.
 */
function publicLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const allowed = addresses.filter((a) => isPublicAddress(a.address));
    if (allowed.length === 0) return callback(new WebhookAddressError(), []);
    if (options.all) return callback(null, allowed);
    callback(null, allowed[0]!.address, allowed[0]!.family);
  });
}

export interface WebhookRequestOptions {
  timeoutMs: number;
  /** Allow private, loopback and link-local addresses (development; or a deployment that opts in). */
  allowPrivateNetworks: boolean;
}

/**
 * POSTs a webhook body and resolves with the HTTP status. Redirects are answers like any other (never
 * followed with the signed body); the response body is discarded. Rejects on connection errors, on an
 * address that is not public (unless allowed), and after `timeoutMs` without an answer.
 */
export function postWebhook(url: string, headers: OutgoingHttpHeaders, body: string, options: WebhookRequestOptions): Promise<number> {
  const target = new URL(url);
  // A literal address is connected to without a lookup: judged here.
  const literal = literalAddress(target.hostname);
  if (!options.allowPrivateNetworks && literal !== null && !isPublicAddress(literal)) return Promise.reject(new WebhookAddressError());
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(options.allowPrivateNetworks ? {} : { lookup: publicLookup }),
      },
      (response) => {
        response.on('error', () => undefined); // after the status is known, nothing it says matters
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
