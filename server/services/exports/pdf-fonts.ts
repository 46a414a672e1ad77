import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Font, create as openFont } from 'fontkit';
import type { Run } from './letter-blocks.js';

const require = createRequire(import.meta.url);

/**
 * Noto Sans for Latin, Greek and Cyrillic (incl. Ukrainian); Noto Sans CJK SC for Chinese and
 * Japanese; Noto Emoji (outlines, one colour) for emoji and symbols the others lack.
 */
const FACES = {
  regular: ['@embedpdf/fonts-latin', 'NotoSans-Regular.ttf'],
  bold: ['@embedpdf/fonts-latin', 'NotoSans-Bold.ttf'],
  italic: ['@embedpdf/fonts-latin', 'NotoSans-Italic.ttf'],
  boldItalic: ['@embedpdf/fonts-latin', 'NotoSans-BoldItalic.ttf'],
  cjk: ['@embedpdf/fonts-sc', 'NotoSansHans-Regular.otf'],
  cjkBold: ['@embedpdf/fonts-sc', 'NotoSansHans-Bold.otf'],
  symbol: ['@expo-google-fonts/noto-emoji', 'NotoEmoji_400Regular.ttf'],
  symbolBold: ['@expo-google-fonts/noto-emoji', 'NotoEmoji_700Bold.ttf'],
} as const;

// The emoji package keeps each weight in its own folder beside its index.js.
const FOLDERS: Partial<Record<FontFace, string>> = { symbol: '400Regular', symbolBold: '700Bold' };

export type FontFace = keyof typeof FACES;

const loaded = new Map<FontFace, Buffer>();

/** The font file's bytes, read once per process (the CJK faces are 8 MB each). */
export function fontBytes(face: FontFace): Buffer {
  let bytes = loaded.get(face);
  if (!bytes) {
    const [pkg, file] = FACES[face];
    const folder = FOLDERS[face];
    const root = dirname(require.resolve(pkg));
    bytes = readFileSync(folder ? join(root, folder, file) : join(root, '..', 'fonts', file));
    loaded.set(face, bytes);
  }
  return bytes;
}

export const FONT_FACES = Object.keys(FACES) as FontFace[];

const CJK =
  /[\u2e80-\u2fdf\u2ff0-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u{20000}-\u{2ffff}]/u;

export type Script = 'text' | 'cjk' | 'symbol';

let coverage: { text: Font; symbol: Font } | undefined;
/** Which characters the Latin face and the emoji face have (their character maps, read once). */
function fonts() {
  coverage ??= { text: openFont(fontBytes('regular')), symbol: openFont(fontBytes('symbol')) };
  return coverage;
}

// Joiners and variation selectors belong to the emoji they shape.
const JOINERS = /[\u200d\ufe0e\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u;

function scriptOf(char: string): Script {
  if (CJK.test(char)) return 'cjk';
  const codePoint = char.codePointAt(0)!;
  const { text, symbol } = fonts();
  if (text.hasGlyphForCodePoint(codePoint)) return 'text';
  // A character Noto Sans lacks (an emoji, a symbol) falls back to Noto Emoji instead of a box.
  return symbol.hasGlyphForCodePoint(codePoint) ? 'symbol' : 'text';
}

/** Splits text where the font it needs changes; white space and joiners stay with what precedes them. */
export function splitByScript(text: string): { text: string; script: Script }[] {
  const parts: { text: string; script: Script }[] = [];
  for (const char of text) {
    const last = parts.at(-1);
    const script =
      last && (/\s/.test(char) || (last.script === 'symbol' && JOINERS.test(char)))
        ? last.script
        : scriptOf(char);
    if (last && last.script === script) last.text += char;
    else parts.push({ text: char, script });
  }
  return parts;
}

/** The face for a run of one script; CJK fonts have no italic, so CJK italics stay upright. */
export function faceFor(style: Pick<Run, 'bold' | 'italic'>, script: Script): FontFace {
  if (script === 'cjk') return style.bold ? 'cjkBold' : 'cjk';
  if (script === 'symbol') return style.bold ? 'symbolBold' : 'symbol';
  if (style.bold) return style.italic ? 'boldItalic' : 'bold';
  return style.italic ? 'italic' : 'regular';
}
