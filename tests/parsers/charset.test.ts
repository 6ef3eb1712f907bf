import { describe, expect, it } from "vitest";
import { decodeBody, normalizeCharsetLabel, stripXmlEncodingDeclaration } from "../../src/parsers/charset.ts";

// TextEncoder only writes UTF-8, so legacy bytes are made by inverting TextDecoder over each charset's code space.
function encoderFor(charset: string, codes: number[][]): (text: string) => Uint8Array {
  const decoder = new TextDecoder(charset, { fatal: true });
  const table = new Map<string, number[]>();
  for (const code of codes) {
    try {
      const char = decoder.decode(new Uint8Array(code));
      if (!table.has(char)) table.set(char, code);
    } catch {
      // Not a valid sequence in this charset.
    }
  }
  return (text) => {
    const out: number[] = [];
    for (const char of text) {
      if (char.charCodeAt(0) < 0x80) out.push(char.charCodeAt(0));
      else if (table.has(char)) out.push(...table.get(char)!);
      else throw new Error(`${charset} cannot encode ${char}`);
    }
    return new Uint8Array(out);
  };
}

const highBytes = Array.from({ length: 128 }, (_, i) => [0x80 + i]);
const gbkPairs: number[][] = [];
for (let lead = 0x81; lead <= 0xfe; lead++) {
  for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) gbkPairs.push([lead, trail]);
}
const windows1251 = encoderFor("windows-1251", highBytes);
const koi8r = encoderFor("koi8-r", highBytes);
const windows1252 = encoderFor("windows-1252", highBytes);
const gbk = encoderFor("gbk", gbkPairs);
const utf8 = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, endian: "le" | "be", withBom: boolean): Uint8Array {
  const units = [...(withBom ? [0xfeff] : []), ...Array.from(text, (c) => c.charCodeAt(0))];
  const bytes = new Uint8Array(units.length * 2);
  const view = new DataView(bytes.buffer);
  units.forEach((unit, i) => view.setUint16(i * 2, unit, endian === "le"));
  return bytes;
}

const concat = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((part) => [...part]));

const RUSSIAN = "Казахстан и Китай подписали соглашение о строительстве новой железной дороги через Хоргос.";
const CHINESE = "中国与哈萨克斯坦签署了关于建设新铁路的协议，铁路将经过霍尔果斯口岸。";
const GERMAN = "Die Außenminister trafen sich in München, um über Zölle und Märkte zu sprechen.";
const rss = (title: string, encoding?: string) =>
  `<?xml version="1.0"${encoding ? ` encoding="${encoding}"` : ""}?><rss><channel><title>${title}</title></channel></rss>`;

describe("decodeBody: byte order marks", () => {
  it("decodes UTF-8 with and without a BOM and strips the BOM", () => {
    const plain = decodeBody(utf8(rss(RUSSIAN)));
    const bom = decodeBody(concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8(rss(RUSSIAN))));
    expect(plain).toEqual({ text: rss(RUSSIAN), charset: "utf-8" });
    expect(bom).toEqual({ text: rss(RUSSIAN), charset: "utf-8" });
  });

  it("decodes UTF-16LE and UTF-16BE by their BOM, even when the header says otherwise", () => {
    const le = decodeBody(utf16(rss(CHINESE), "le", true), "text/xml; charset=iso-8859-1");
    const be = decodeBody(utf16(rss(CHINESE), "be", true));
    expect(le).toEqual({ text: rss(CHINESE), charset: "utf-16le" });
    expect(be).toEqual({ text: rss(CHINESE), charset: "utf-16be" });
  });

  it("recognises BOM-less UTF-16 by the NUL bytes around ASCII markup", () => {
    expect(decodeBody(utf16(rss(RUSSIAN, "utf-16"), "be", false))).toEqual({
      text: rss(RUSSIAN, "utf-16"),
      charset: "utf-16be",
    });
    expect(decodeBody(utf16(`<!-- c -->${rss("Хоргос")}`, "le", false)).charset).toBe("utf-16le");
  });
});

describe("decodeBody: declared charsets", () => {
  it("uses windows-1251 from the Content-Type header", () => {
    const result = decodeBody(windows1251(rss(RUSSIAN)), 'application/rss+xml; charset="Windows-1251"');
    expect(result).toEqual({ text: rss(RUSSIAN), charset: "windows-1251" });
  });

  it("uses windows-1251 from the XML declaration, also after a leading comment", () => {
    const declared = `<!-- generated -->\n${rss(RUSSIAN, "windows-1251")}`;
    expect(decodeBody(windows1251(declared), "text/xml")).toEqual({ text: declared, charset: "windows-1251" });
  });

  it("uses windows-1251 from an HTML meta tag, in both forms", () => {
    const short = `<html><head><meta charset="cp1251"><title>${RUSSIAN}</title></head></html>`;
    const httpEquiv = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>${RUSSIAN}</body></html>`;
    expect(decodeBody(windows1251(short), "text/html")).toEqual({ text: short, charset: "windows-1251" });
    expect(decodeBody(windows1251(httpEquiv)).text).toBe(httpEquiv);
  });

  it("uses KOI8-R when declared", () => {
    const doc = rss(RUSSIAN, "KOI8-R");
    expect(decodeBody(koi8r(doc))).toEqual({ text: doc, charset: "koi8-r" });
  });

  it("uses GBK for GB2312 and GBK labels", () => {
    expect(decodeBody(gbk(rss(CHINESE)), "text/xml; charset=gb2312")).toEqual({ text: rss(CHINESE), charset: "gbk" });
    expect(decodeBody(gbk(rss(CHINESE, "GBK"))).text).toBe(rss(CHINESE, "GBK"));
  });

  it("prefers the header over the document's own declaration", () => {
    const doc = rss(RUSSIAN, "koi8-r");
    expect(decodeBody(windows1251(doc), "text/xml; charset=windows-1251").charset).toBe("windows-1251");
  });

  it("falls back to detection for a label nobody knows", () => {
    expect(decodeBody(windows1251(rss(RUSSIAN, "x-made-up")), "text/xml; charset=bogus")).toEqual({
      text: rss(RUSSIAN, "x-made-up"),
      charset: "windows-1251",
    });
  });
});

describe("decodeBody: declarations that lie", () => {
  it("reads windows-1251 bytes served as UTF-8 as windows-1251, trusting the prolog next", () => {
    const doc = rss(RUSSIAN, "windows-1251");
    expect(decodeBody(windows1251(doc), "application/xml; charset=utf-8")).toEqual({
      text: doc,
      charset: "windows-1251",
    });
  });

  it("reads windows-1251 bytes whose header and prolog both say UTF-8 as windows-1251", () => {
    const doc = rss(RUSSIAN, "UTF-8");
    expect(decodeBody(windows1251(doc), "text/xml; charset=utf-8")).toEqual({ text: doc, charset: "windows-1251" });
  });

  it("keeps a declared UTF-8 when only one character is broken", () => {
    const damaged = concat(utf8(rss(RUSSIAN)), new Uint8Array([0xd0]));
    const result = decodeBody(damaged, "text/xml; charset=utf-8");
    expect(result.charset).toBe("utf-8");
    expect(result.text).toBe(`${rss(RUSSIAN)}\uFFFD`);
  });

  it("ignores a UTF-16 declaration inside an ASCII-compatible document", () => {
    expect(decodeBody(utf8(rss(CHINESE, "UTF-16")))).toEqual({ text: rss(CHINESE, "UTF-16"), charset: "utf-8" });
  });
});

describe("decodeBody: detection without any declaration", () => {
  it.each([
    ["windows-1251", windows1251],
    ["koi8-r", koi8r],
  ])("detects Russian in %s", (charset, encode) => {
    expect(decodeBody(encode(rss(RUSSIAN)))).toEqual({ text: rss(RUSSIAN), charset });
  });

  it("detects a short Russian headline in windows-1251", () => {
    expect(decodeBody(windows1251("Новости Ташкента")).charset).toBe("windows-1251");
  });

  it("detects Chinese in GB18030", () => {
    expect(decodeBody(gbk(rss(CHINESE)))).toEqual({ text: rss(CHINESE), charset: "gb18030" });
  });

  it("detects Western European text in windows-1252 rather than Cyrillic", () => {
    expect(decodeBody(windows1252(rss(GERMAN)))).toEqual({ text: rss(GERMAN), charset: "windows-1252" });
  });

  it("treats pure ASCII as UTF-8", () => {
    expect(decodeBody(utf8(rss("Silk Road"))).charset).toBe("utf-8");
  });
});

describe("helpers", () => {
  it("normalizes labels to WHATWG names", () => {
    expect(normalizeCharsetLabel(" CP1251 ")).toBe("windows-1251");
    expect(normalizeCharsetLabel("'gb2312'")).toBe("gbk");
    expect(normalizeCharsetLabel("latin1")).toBe("windows-1252");
    expect(normalizeCharsetLabel("iso-2022-kr")).toBeUndefined();
    expect(normalizeCharsetLabel("no-such-charset")).toBeUndefined();
  });

  it("removes the encoding from the XML declaration and nothing else", () => {
    const doc = `<!-- c --> <?xml version="1.0" encoding='windows-1251' standalone="yes"?><rss encoding="x"/>`;
    expect(stripXmlEncodingDeclaration(doc)).toBe(
      `<!-- c --> <?xml version="1.0" standalone="yes"?><rss encoding="x"/>`,
    );
    expect(stripXmlEncodingDeclaration('<rss encoding="x"/>')).toBe('<rss encoding="x"/>');
  });
});
