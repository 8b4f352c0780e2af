import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '@cg/server/config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * What the message is about, as a stable key (`notification.<id>`, `digest.<user id>.<day>`): its Message-ID is made
   * from it, so the same message sent twice (at least once: a send whose record was lost is repeated) carries the same
   * Message-ID, and mail servers and clients that drop repeats drop it. Without it, nodemailer makes a random one.
   */
  key?: string;
}

/** The stable Message-ID of a message about `key`, in the domain of the sender's address. */
export function messageIdOf(key: string, from: string): string {
  const domain = from.includes('@') ? from.slice(from.lastIndexOf('@') + 1) : 'commonground.invalid';
  return `<${key}@${domain}>`;
}

/**
 * A failed send, without the server's words: SMTP replies often quote the recipient's address, and this
 * message ends up in logs and in the queue's failed set.
 */
export class MailDeliveryError extends Error {
  constructor(
    readonly code: string | undefined,
    readonly responseCode: number | undefined,
  ) {
    super(`e-mail delivery failed${code ? ` (${code}${responseCode ? ` ${responseCode}` : ''})` : ''}`);
    this.name = 'MailDeliveryError';
  }
}

export interface SentMail {
  messageId: string;
  /** The .eml file written when no SMTP server is configured. */
  file?: string;
}

/**
 * Pooled SMTP with bounded timeouts, so that a silent server fails the job (to be retried) instead of
 * holding it for minutes. Each can be overridden in SMTP_URL's query string (nodemailer reads it).
 */
const SMTP_DEFAULTS: Record<string, string> = {
  pool: 'true',
  maxConnections: '3',
  connectionTimeout: '10000',
  greetingTimeout: '10000',
  socketTimeout: '30000',
};

/**
 * Sends e-mail through SMTP (SMTP_URL), or, without it (development, the embedded default), writes each
 * message as an .eml file under MAIL_DIR. Logs never carry an address or any content.
 */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger(MailService.name);
  private readonly transport: Transporter;
  private readonly dir: string | null;
  /** The directory is created on the first message, not on every one. */
  private dirReady: Promise<unknown> | null = null;

  constructor(private readonly config: AppConfig) {
    if (config.mail.smtpUrl) {
      const url = new URL(config.mail.smtpUrl);
      for (const [key, value] of Object.entries(SMTP_DEFAULTS)) if (!url.searchParams.has(key)) url.searchParams.set(key, value);
      this.transport = nodemailer.createTransport(url.toString());
      this.dir = null;
    } else {
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
      this.dir = resolve(process.cwd(), config.mail.dir);
    }
  }

  /** Where messages are written when there is no SMTP server; null when they go through SMTP. */
  get directory(): string | null {
    return this.dir;
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    let info: { messageId: string; message?: unknown };
    try {
      info = (await this.transport.sendMail({
        from: { name: 'CommonGround', address: this.config.mail.from },
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: { 'Auto-Submitted': 'auto-generated' },
        ...(mail.key ? { messageId: messageIdOf(mail.key, this.config.mail.from) } : {}),
        // Our texts are mostly Latin letters: quoted-printable, chosen here instead of by scanning every message.
        textEncoding: 'quoted-printable',
      })) as { messageId: string; message?: unknown };
    } catch (error) {
      const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
      throw new MailDeliveryError(typeof code === 'string' ? code : undefined, typeof responseCode === 'number' ? responseCode : undefined);
    }
    if (!this.dir) {
      this.logger.debug({ messageId: info.messageId }, 'e-mail handed to the SMTP server');
      return { messageId: info.messageId };
    }
    if (!Buffer.isBuffer(info.message)) throw new Error('the stream transport returned no message buffer');
    this.dirReady ??= mkdir(this.dir, { recursive: true }).catch((error: unknown) => {
      this.dirReady = null;
      throw error;
    });
    await this.dirReady;
    const file = join(this.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
    await writeFile(file, info.message, { mode: 0o600 });
    // One line per e-mail is routine (the demo alone writes dozens): debug, like the SMTP hand-over above.
    this.logger.debug({ file }, `e-mail written to ${file} (no SMTP_URL set)`);
    return { messageId: info.messageId, file };
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
