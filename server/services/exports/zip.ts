import { zipSync } from 'fflate';

export interface ZipEntry {
  name: string;
  data: Uint8Array | string;
}

/** A zip archive of the entries; names that repeat get a numeric suffix before the extension. */
export function zipFiles(entries: ZipEntry[], mtime: Date): Buffer {
  const files: Record<string, [Uint8Array, { mtime: Date; level: 0 | 6 }]> = {};
  for (const entry of entries) {
    let name = entry.name;
    for (let n = 2; name in files; n++) name = entry.name.replace(/(\.[^.]+)?$/, `-${n}$1`);
    const data = typeof entry.data === 'string' ? new TextEncoder().encode(entry.data) : entry.data;
    // PDFs and DOCX files are compressed already.
    const level = /\.(pdf|docx)$/.test(name) ? 0 : 6;
    files[name] = [data, { mtime, level }];
  }
  return Buffer.from(zipSync(files));
}
