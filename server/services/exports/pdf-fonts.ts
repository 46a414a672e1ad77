import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Run } from './letter-blocks.js';

const require = createRequire(import.meta.url);

/** Noto Sans for Latin, Greek and Cyrillic (incl. Ukrainian); Noto Sans CJK SC for Chinese and Japanese. */
const FACES = {
  regular: ['@embedpdf/fonts-latin', 'NotoSans-Regular.ttf'],
  bold: ['@embedpdf/fonts-latin', 'NotoSans-Bold.ttf'],
  italic: ['@embedpdf/fonts-latin', 'NotoSans-Italic.ttf'],
  boldItalic: ['@embedpdf/fonts-latin', 'NotoSans-BoldItalic.ttf'],
  cjk: ['@embedpdf/fonts-sc', 'NotoSansHans-Regular.otf'],
  cjkBold: ['@embedpdf/fonts-sc', 'NotoSansHans-Bold.otf'],
} as const;

export type FontFace = keyof typeof FACES;

const loaded = new Map<FontFace, Buffer>();

/** The font file's bytes, read once per process (the CJK faces are 8 MB each). */
export function fontBytes(face: FontFace): Buffer {
  let bytes = loaded.get(face);
  if (!bytes) {
    const [pkg, file] = FACES[face];
    bytes = readFileSync(join(dirname(require.resolve(pkg)), '..', 'fonts', file));
    loaded.set(face, bytes);
  }
  return bytes;
}

export const FONT_FACES = Object.keys(FACES) as FontFace[];

const CJK =
  /[\u2e80-\u2fdf\u2ff0-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u{20000}-\u{2ffff}]/u;

/** Splits text where it changes between CJK and other scripts; whitespace stays with what precedes it. */
export function splitByScript(text: string): { text: string; cjk: boolean }[] {
  const parts: { text: string; cjk: boolean }[] = [];
  for (const char of text) {
    const last = parts.at(-1);
    const cjk = /\s/.test(char) && last ? last.cjk : CJK.test(char);
    if (last && last.cjk === cjk) last.text += char;
    else parts.push({ text: char, cjk });
  }
  return parts;
}

/** The face for a run of one script; CJK fonts have no italic, so CJK italics stay upright. */
export function faceFor(style: Pick<Run, 'bold' | 'italic'>, cjk: boolean): FontFace {
  if (cjk) return style.bold ? 'cjkBold' : 'cjk';
  if (style.bold) return style.italic ? 'boldItalic' : 'bold';
  return style.italic ? 'italic' : 'regular';
}
