/**
 * @module Sends one email through the configured SMTP server (nodemailer: STARTTLS, AUTH, encodings done right),
 * within the same 10 s budget as every other notification. A 5xx reply (unknown mailbox, authentication
 * refused) is permanent; connection trouble and 4xx replies are worth retrying.
 */
import { createTransport } from 'nodemailer';
import type { SendOutcome } from './notifier.ts';

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export class Mailer {
  private readonly transport: ReturnType<typeof createTransport>;

  constructor(
    smtpUrl: string,
    readonly from: string,
    private readonly timeoutMs: number,
  ) {
    this.transport = createTransport({ url: smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  }

  async send(msg: MailMessage, signal: AbortSignal): Promise<SendOutcome> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    // nodemailer takes no AbortSignal and times each phase separately: bound the whole exchange here.
    const cut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${this.timeoutMs / 1000} s`)), this.timeoutMs);
      onAbort = () => reject(new Error('aborted: the server is shutting down'));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const info = await Promise.race([this.transport.sendMail({ from: this.from, ...msg }), cut]);
      const code = /^(\d{3})/.exec(String(info.response ?? ''))?.[1];
      return { ok: true, responseCode: code ? Number(code) : null, error: null, permanent: false };
    } catch (err) {
      const e = err as { message?: string; responseCode?: number; code?: string };
      const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
      return { ok: false, responseCode, error: `SMTP: ${e.message ?? String(err)}`, permanent: responseCode !== null && responseCode >= 500 };
    } finally {
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** "Faultline <faultline@host>" from the public URL's host name (an IP address is not a mail domain). */
export function defaultFrom(publicUrl: string): string {
  const host = new URL(publicUrl).hostname;
  return `Faultline <faultline@${/[a-z]/i.test(host) && !host.includes(':') ? host : 'localhost'}>`;
}
