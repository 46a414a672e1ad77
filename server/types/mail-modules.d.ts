// Just enough of the untyped mail packages (smtp-server, mailparser) for the inbound listener and tests.

declare module 'smtp-server' {
  import type { Server } from 'node:net';
  import type { Readable } from 'node:stream';

  export interface SMTPServerAddress {
    address: string;
  }

  export interface SMTPServerSession {
    envelope: { mailFrom: SMTPServerAddress | false; rcptTo: SMTPServerAddress[] };
    remoteAddress?: string;
  }

  export type SMTPServerDataStream = Readable & { sizeExceeded?: boolean };

  export interface SMTPServerOptions {
    disabledCommands?: string[];
    authOptional?: boolean;
    hideSTARTTLS?: boolean;
    logger?: boolean;
    banner?: string;
    size?: number;
    closeTimeout?: number;
    maxClients?: number;
    disableReverseLookup?: boolean;
    onMailFrom?(
      address: SMTPServerAddress,
      session: SMTPServerSession,
      callback: (error?: Error | null) => void,
    ): void;
    onRcptTo?(
      address: SMTPServerAddress,
      session: SMTPServerSession,
      callback: (error?: Error | null) => void,
    ): void;
    onData?(
      stream: SMTPServerDataStream,
      session: SMTPServerSession,
      callback: (error?: Error | null) => void,
    ): void;
  }

  export class SMTPServer {
    constructor(options?: SMTPServerOptions);
    once(event: 'error', listener: (error: Error) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
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

  export interface Attachment {
    filename?: string;
    contentType: string;
    size: number;
    content: Buffer;
    related?: boolean;
  }

  export interface ParsedMail {
    messageId?: string;
    subject?: string;
    date?: Date;
    text?: string;
    html?: string | false;
    from?: AddressObject;
    replyTo?: AddressObject;
    to?: AddressObject | AddressObject[];
    cc?: AddressObject | AddressObject[];
    headers: Map<string, unknown>;
    attachments: Attachment[];
  }

  export function simpleParser(source: Buffer | string): Promise<ParsedMail>;
}
