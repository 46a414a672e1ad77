// Just enough of the untyped test-only mail packages (smtp-server, mailparser) for our tests.

declare module 'smtp-server' {
  import type { Server } from 'node:net';
  import type { Readable } from 'node:stream';

  export interface SMTPServerSession {
    envelope: { mailFrom: { address: string } | false; rcptTo: { address: string }[] };
  }

  export interface SMTPServerOptions {
    disabledCommands?: string[];
    authOptional?: boolean;
    logger?: boolean;
    size?: number;
    closeTimeout?: number;
    onData?(stream: Readable, session: SMTPServerSession, callback: (error?: Error | null) => void): void;
  }

  export class SMTPServer {
    once(event: 'error', listener: (error: Error) => void): this;
    constructor(options?: SMTPServerOptions);
    server: Server;
    listen(port: number, host: string, callback?: () => void): Server;
    close(callback?: () => void): void;
  }
}

declare module 'mailparser' {
  export interface AddressObject {
    text: string;
    value: { address?: string; name: string }[];
  }

  export interface ParsedMail {
    messageId?: string;
    subject?: string;
    text?: string;
    html?: string | false;
    from?: AddressObject;
    replyTo?: AddressObject;
    to?: AddressObject | AddressObject[];
    headers: Map<string, unknown>;
  }

  export function simpleParser(source: Buffer | string): Promise<ParsedMail>;
}
