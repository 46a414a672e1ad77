import { analyse } from 'chardet';
import iconv from 'iconv-lite';

const HEADER_END = /\r?\n\r?\n/;

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function hasHighBytes(bytes: Buffer): boolean {
  return bytes.some((b) => b >= 0x80);
}

/** The charset a legacy-encoded text most likely uses, among those iconv-lite knows. */
export function detectCharset(bytes: Buffer, hint?: string): string {
  if (hint && isSupported(hint) && !/^(us-)?ascii$|^utf-?8$/i.test(hint)) return hint.toLowerCase();
  for (const guess of analyse(bytes)) {
    const name = guess.name.toLowerCase();
    if (name === 'utf-8' || name === 'ascii') continue;
    // A text labelled ISO-8859-1 by a detector is almost always windows-1252 in mail.
    const charset = name === 'iso-8859-1' ? 'windows-1252' : name;
    if (isSupported(charset)) return charset;
  }
  return 'windows-1252';
}

// iconv-lite, as mailparser uses: Node 20's TextDecoder drops windows-1252's 0x80–0x9F.
function isSupported(charset: string): boolean {
  return iconv.encodingExists(charset);
}

function declaredCharset(headers: string): string | undefined {
  return /^content-type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*?charset\s*=\s*"?([\w.:-]+)"?/im.exec(headers)?.[1];
}

function topContentType(headers: string): string | undefined {
  return /^content-type:\s*([\w.+-]+\/[\w.+-]+)/im.exec(headers)?.[1]?.toLowerCase();
}

function transferEncoding(headers: string): string {
  return /^content-transfer-encoding:\s*([\w-]+)/im.exec(headers)?.[1]?.toLowerCase() ?? '7bit';
}

function decodedBody(body: Buffer, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.toString('latin1').replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const text = body.toString('latin1').replace(/=\r?\n/g, '');
    return Buffer.from(
      text.replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
      'latin1',
    );
  }
  return body;
}

/**
 * Before mailparser sees a message: 8-bit headers in a legacy charset become UTF-8 (mailparser
 * reads raw header bytes as UTF-8), and a single-part text message that declares no charset gets
 * the one its bytes show.
 */
export function repairCharsets(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const end = HEADER_END.exec(text);
  if (!end) return raw;
  const headerBytes = raw.subarray(0, end.index);
  const separator = raw.subarray(end.index, end.index + end[0].length);
  const body = raw.subarray(end.index + end[0].length);
  let headers = headerBytes.toString('latin1');
  let changed = false;

  if (hasHighBytes(headerBytes) && !isUtf8(headerBytes)) {
    const charset = detectCharset(headerBytes, declaredCharset(headers));
    headers = Buffer.from(iconv.decode(headerBytes, charset), 'utf8').toString('latin1');
    changed = true;
  }

  const type = topContentType(headers);
  if ((type === undefined || type.startsWith('text/')) && !declaredCharset(headers)) {
    const content = decodedBody(body, transferEncoding(headers));
    if (hasHighBytes(content) && !isUtf8(content)) {
      const charset = detectCharset(content);
      headers = type
        ? headers.replace(/^(content-type:\s*[\w.+-]+\/[\w.+-]+)/im, `$1; charset=${charset}`)
        : `${headers}\r\nContent-Type: text/plain; charset=${charset}`;
      changed = true;
    }
  }
  return changed ? Buffer.concat([Buffer.from(headers, 'latin1'), separator, body]) : raw;
}

/**
 * Text decoded as ISO-8859-1 that was really windows-1252 carries C1 control characters where
 * the sender typed curly quotes, dashes and the euro sign; put those back.
 */
export function repairC1Controls(value: string): string {
  if (!/[\u0080-\u009f]/.test(value)) return value;
  return value.replace(/[\u0080-\u009f]/g, (c) => iconv.decode(Buffer.of(c.charCodeAt(0)), 'windows-1252'));
}
