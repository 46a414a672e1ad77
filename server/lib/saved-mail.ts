import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Splits an mbox export (mboxrd or mboxo, as Gmail Takeout and Thunderbird write them) into messages. */
export function splitMbox(mbox: Buffer): Buffer[] {
  const text = mbox.toString('latin1');
  const starts: number[] = [];
  // A separator is "From sender date" after a blank line; a body line "From the board." is not one.
  const separator = /(?:^|\n\r?\n)From \S+ [^\n]*\d\d:\d\d[^\n]*\n/g;
  for (const match of text.matchAll(separator)) {
    starts.push(match.index + match[0].indexOf('From '));
  }
  return starts.map((start, i) => {
    const headerEnd = text.indexOf('\n', start) + 1;
    const end = i + 1 < starts.length ? starts[i + 1]! : text.length;
    const body = text
      .slice(headerEnd, end)
      .replace(/\r?\n$/, '')
      .replace(/^>(>*From )/gm, '$1');
    return Buffer.from(body, 'latin1');
  });
}

function isMbox(content: Buffer): boolean {
  return content.subarray(0, 5).toString('latin1') === 'From ';
}

/**
 * The messages saved at `path`: one `.eml` file, a folder of them (sorted by name), or an mbox
 * export. Yields each with the name it is reported under.
 */
export function* readSavedMail(path: string): Generator<{ name: string; raw: Buffer }> {
  const stat = statSync(path);
  if (stat.isDirectory()) {
    for (const file of readdirSync(path).sort()) {
      if (!/\.(eml|msg|txt)$/i.test(file)) continue;
      const full = join(path, file);
      if (statSync(full).isFile()) yield* readSavedMail(full);
    }
    return;
  }
  const content = readFileSync(path);
  if (isMbox(content)) {
    for (const [i, raw] of splitMbox(content).entries()) yield { name: `${path} #${i + 1}`, raw };
    return;
  }
  yield { name: path, raw: content };
}
