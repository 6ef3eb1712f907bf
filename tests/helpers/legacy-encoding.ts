/**
 * Encodes text in a single-byte legacy charset (windows-1251, koi8-r, ...) by inverting TextDecoder over the
 * upper half of the byte range; TextEncoder itself only writes UTF-8.
 */
export function encodeSingleByte(text: string, charset: string): Uint8Array {
  const decoder = new TextDecoder(charset);
  const table = new Map<string, number>();
  for (let byte = 0x80; byte <= 0xff; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code < 0x80) bytes.push(code);
    else if (table.has(char)) bytes.push(table.get(char)!);
    else throw new Error(`${JSON.stringify(char)} has no ${charset} byte`);
  }
  return Uint8Array.from(bytes);
}
