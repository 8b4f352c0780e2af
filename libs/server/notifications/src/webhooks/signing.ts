import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures. The header `X-CommonGround-Signature` reads `t=<unix seconds>,v1=<hex>`, where
 * `<hex>` is HMAC-SHA256, keyed with the endpoint's secret (the string shown once at registration, as
 * UTF-8 bytes), over `<t>.<raw request body>`. A receiver recomputes it over the raw body it received,
 * compares in constant time, and refuses a timestamp too far from its own clock (replay).
 *
 * This file depends on `node:crypto` only, so that a receiver written in Node can copy it as it is.
 */

export const SIGNATURE_HEADER = 'X-CommonGround-Signature';
export const EVENT_HEADER = 'X-CommonGround-Event';
export const DELIVERY_HEADER = 'X-CommonGround-Delivery';
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, body: string | Buffer, timestampSeconds: number): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex');
}

/** The signature header value for `body` sent at `timestampSeconds` (unix seconds). */
export function signWebhook(secret: string, body: string | Buffer, timestampSeconds: number): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) throw new Error('timestampSeconds must be whole unix seconds');
  return `t=${timestampSeconds},v1=${hmacHex(secret, body, timestampSeconds)}`;
}

export interface VerifyOptions {
  /** How far the timestamp may be from `now`, either way. 300 s by default. */
  toleranceSeconds?: number;
  /** The receiver's clock; the current time by default. */
  now?: Date;
}

/**
 * True when `header` carries a `v1` signature of `body` by `secret` and a timestamp within the tolerance.
 * Several `v1` entries are accepted (any one matching suffices), so that a sender may sign with two
 * secrets while one is being rotated. Never throws on malformed input: it answers false.
 */
export function verifyWebhookSignature(secret: string, header: string | null | undefined, body: string | Buffer, options: VerifyOptions = {}): boolean {
  if (!secret || typeof header !== 'string' || header.length > 1000) return false;
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);

  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) return false;
      timestamp = Number(value);
    } else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) {
      signatures.push(value.toLowerCase());
    }
  }
  if (timestamp === null || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > tolerance) return false;

  const expected = Buffer.from(hmacHex(secret, body, timestamp), 'hex');
  let valid = false;
  // Compare with every candidate, without stopping at the first match.
  for (const signature of signatures) {
    if (timingSafeEqual(expected, Buffer.from(signature, 'hex'))) valid = true;
  }
  return valid;
}
