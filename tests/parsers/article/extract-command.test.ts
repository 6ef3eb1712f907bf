// `silkwire extract`: the single-file JSON and the batch format the acceptance checks read.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runExtractCommand } from "../../../src/cli/extract-command.ts";

const fixturePath = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

function captureOutput() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out: () => out.join(""), err: () => err.join("") };
}

afterEach(() => vi.restoreAllMocks());

describe("silkwire extract FILE", () => {
  it("prints the article fields as JSON", async () => {
    const output = captureOutput();
    const code = await runExtractCommand([
      fixturePath("jsonld-graph.html"),
      "--url",
      "https://caspian-herald.example/x",
    ]);
    expect(code).toBe(0);
    const printed = JSON.parse(output.out());
    expect(Object.keys(printed).sort()).toEqual([
      "byline",
      "canonicalUrl",
      "html",
      "image",
      "lang",
      "modifiedAt",
      "publishedAt",
      "siteName",
      "status",
      "text",
      "title",
    ]);
    expect(printed).toMatchObject({ status: "ok", title: "Foreign ministers of six nations meet in Astana" });
  });

  it("prints null for fields the page does not give", async () => {
    const output = captureOutput();
    await runExtractCommand([fixturePath("paywall.html")]);
    expect(JSON.parse(output.out())).toMatchObject({
      status: "paywalled",
      byline: null,
      publishedAt: null,
      image: null,
    });
  });

  it("gunzips and decodes a windows-1251 page from its meta charset", async () => {
    const output = captureOutput();
    await runExtractCommand([fixturePath("russian-cp1251.html.gz")]);
    expect(JSON.parse(output.out()).title).toBe("Казахстан и Китай открыли новый пункт пропуска");
  });

  it("reports a missing file on stderr with its name and exits 1", async () => {
    const output = captureOutput();
    expect(await runExtractCommand(["/nonexistent/page.html"])).toBe(1);
    expect(output.err()).toContain("/nonexistent/page.html");
  });

  it("rejects unknown options with usage and exit 2", async () => {
    const output = captureOutput();
    expect(await runExtractCommand(["--frobnicate"])).toBe(2);
    expect(output.err()).toContain("usage:");
  });
});

describe("silkwire extract URL", () => {
  // The test server is on loopback, which the fetcher refuses unless told otherwise.
  beforeAll(() => void (process.env.SILKWIRE_ALLOW_PRIVATE_NETWORKS = "true"));
  afterAll(() => void delete process.env.SILKWIRE_ALLOW_PRIVATE_NETWORKS);

  it("refuses a private address by default", async () => {
    delete process.env.SILKWIRE_ALLOW_PRIVATE_NETWORKS;
    const output = captureOutput();
    expect(await runExtractCommand(["http://127.0.0.1:9/news/1"])).toBe(1);
    expect(output.err()).toMatch(/private or reserved address/);
    process.env.SILKWIRE_ALLOW_PRIVATE_NETWORKS = "true";
  });

  async function serve(body: Buffer, contentType: string): Promise<{ server: Server; url: string }> {
    const server = createServer((_request, response) => {
      response.setHeader("content-type", contentType);
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/news/1` };
  }

  it("fetches the page, decodes it by its Content-Type and resolves against the final URL", async () => {
    const { server, url } = await serve(
      gunzipSync(readFileSync(fixturePath("russian-cp1251.html.gz"))),
      "text/html; charset=windows-1251",
    );
    try {
      const output = captureOutput();
      expect(await runExtractCommand([url])).toBe(0);
      expect(JSON.parse(output.out())).toMatchObject({ status: "ok", lang: "ru", canonicalUrl: url });
    } finally {
      server.close();
    }
  });

  it("reports a PDF as not-html", async () => {
    const { server, url } = await serve(Buffer.from("%PDF-1.7 binary"), "application/pdf");
    try {
      const output = captureOutput();
      await runExtractCommand([url]);
      expect(JSON.parse(output.out()).status).toBe("not-html");
    } finally {
      server.close();
    }
  });
});

describe("silkwire extract --batch", () => {
  it("writes {id: {articleBody, ...}} for .html and .html.gz files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "silkwire-extract-"));
    writeFileSync(join(dir, "plain.html"), readFileSync(fixturePath("app-banner.html")));
    writeFileSync(join(dir, "packed.html.gz"), readFileSync(fixturePath("russian-cp1251.html.gz")));
    writeFileSync(join(dir, "notes.txt"), "not a page");
    const out = join(dir, "out.json");
    captureOutput();
    expect(await runExtractCommand(["--batch", dir, "--out", out])).toBe(0);
    const written = JSON.parse(readFileSync(out, "utf8"));
    expect(Object.keys(written).sort()).toEqual(["packed", "plain"]);
    expect(written.plain.articleBody).toMatch(/^Freight trains crossing the border/);
    expect(written.packed.articleBody).toMatch(/^На границе Казахстана/);
    expect(written.plain.status).toBe("ok");
  });

  it("accepts a glob in the last path part", async () => {
    const dir = mkdtempSync(join(tmpdir(), "silkwire-extract-"));
    writeFileSync(join(dir, "a1.html"), readFileSync(fixturePath("chinese.html")));
    writeFileSync(join(dir, "b1.html"), readFileSync(fixturePath("chinese.html")));
    const out = join(dir, "out.json");
    captureOutput();
    await runExtractCommand(["--batch", join(dir, "a*.html"), "--out", out]);
    expect(Object.keys(JSON.parse(readFileSync(out, "utf8")))).toEqual(["a1"]);
  });
});
