import { createHmac, timingSafeEqual } from 'node:crypto';

/** Which bytes a link opens. */
export type LinkVariant = 'file' | 'thumbnail';

export interface LinkClaims {
  attachmentId: string;
  variant: LinkVariant;
  userId: string;
  sessionId: string;
  /** Seconds since the epoch. */
  expires: number;
}

export const ATTACHMENT_ROUTE = '/attachments';

/**
 * Download links: `/attachments/<id>/<variant>?t=<user>.<session>.<expiry>.<signature>`, an HMAC (with a key derived
 * from JWT_SECRET for this purpose only) over all of it. The route checks the signature and the expiry, that the
 * session is still open, and then the person's right to read the attachment as it is now.
 */
export class AttachmentLinks {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('commonground attachment links v1').digest();
  }

  url(claims: LinkClaims): string {
    const token = `${claims.userId}.${claims.sessionId}.${claims.expires}.${this.signature(claims)}`;
    return `${ATTACHMENT_ROUTE}/${claims.attachmentId}/${claims.variant}?t=${token}`;
  }

  /** The claims of a well-signed, unexpired link; null otherwise. */
  verify(attachmentId: string, variant: string, token: string | undefined, now = Date.now()): LinkClaims | null {
    if (variant !== 'file' && variant !== 'thumbnail') return null;
    const parts = (token ?? '').split('.');
    if (parts.length !== 4) return null;
    const [userId, sessionId, expiresText, signature] = parts as [string, string, string, string];
    if (!/^\d{1,12}$/.test(expiresText)) return null;
    const claims: LinkClaims = { attachmentId, variant, userId, sessionId, expires: Number(expiresText) };
    const expected = Buffer.from(this.signature(claims));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (claims.expires * 1000 <= now) return null;
    return claims;
  }

  /**
   * The browser's proof of its session for downloads: a value for the `cg_files` cookie (HttpOnly, path /attachments),
   * set by `POST /attachments/session`. A link opens only with the cookie (or a bearer token) of the session it was
   * made for, so a link copied into another person's browser opens nothing.
   */
  sessionCookie(userId: string, sessionId: string, expires: number): string {
    return `${userId}.${sessionId}.${expires}.${this.cookieSignature(userId, sessionId, expires)}`;
  }

  /** The session a `cg_files` cookie proves; null when it is forged or expired. */
  verifySessionCookie(value: string | undefined, now = Date.now()): { userId: string; sessionId: string } | null {
    const parts = (value ?? '').split('.');
    if (parts.length !== 4) return null;
    const [userId, sessionId, expiresText, signature] = parts as [string, string, string, string];
    if (!/^\d{1,12}$/.test(expiresText) || Number(expiresText) * 1000 <= now) return null;
    const expected = Buffer.from(this.cookieSignature(userId, sessionId, Number(expiresText)));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { userId, sessionId };
  }

  private cookieSignature(userId: string, sessionId: string, expires: number): string {
    return createHmac('sha256', this.key).update(['files-cookie', userId, sessionId, String(expires)].join('|')).digest('base64url');
  }

  private signature(claims: LinkClaims): string {
    return createHmac('sha256', this.key)
      .update([claims.attachmentId, claims.variant, claims.userId, claims.sessionId, String(claims.expires)].join('|'))
      .digest('base64url');
  }
}
