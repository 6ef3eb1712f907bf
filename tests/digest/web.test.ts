// The digest through the real web server: the archive and its feed, the one-click POST, the unsubscribe page
// flow (a GET changes nothing), and subscribing with double opt-in, with mail going to a real SMTP server.
import path from "node:path";
import * as cheerio from "cheerio";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisOptions } from "../../src/jobs/connection.ts";
import { closeAll, DEFAULT_QUEUE_SETTINGS, openQueues, type Queues } from "../../src/jobs/queues.ts";
import { parseIsoWeek } from "../../src/digest/week.ts";
import { loadDigestContext, sendWeek } from "../../src/mail/weekly-digest.ts";
import { buildServer } from "../../src/web/server.ts";
import {
  deleteQueueKeys,
  PROJECT_ROOT,
  TEST_REDIS_URL,
  uniqueQueuePrefix,
  type TestDatabase,
} from "../helpers/services.ts";
import { createDigestSandbox, PUBLIC_URL, type DigestSandbox } from "./digest-sandbox.ts";
import type { SmtpSink } from "./smtp-sink.ts";

const prefix = uniqueQueuePrefix();
let sandbox: DigestSandbox;
let database: TestDatabase;
let sink: SmtpSink;
let queues: Queues;
let app: FastifyInstance;

beforeAll(async () => {
  sandbox = await createDigestSandbox("subscribers:\n  - email: one-click@reader.test\n  - email: page@reader.test\n");
  ({ database, sink } = sandbox);
  Object.assign(process.env, sandbox.env);
  const ctx = loadDigestContext(database.db, database.url, path.join(PROJECT_ROOT, "config/taxonomy.yaml"));
  await sendWeek(ctx, parseIsoWeek("2025-W25"), { log: () => {} });
  queues = openQueues(redisOptions(TEST_REDIS_URL), { ...DEFAULT_QUEUE_SETTINGS, prefix });
  const publish = { db: database.db, config: { feeds: [] }, labels: {}, publicUrl: PUBLIC_URL } as never;
  app = await buildServer({ db: database.db, queues, publish, publicDir: sandbox.env.SILKWIRE_PUBLIC_DIR });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await closeAll(Object.values(queues ?? {}));
  await deleteQueueKeys(prefix);
  await sandbox?.cleanup();
});

/** The path and query of one of our absolute links, to ask the server under test. */
const local = (url: string) => url.slice(PUBLIC_URL.length);
const stateOf = async (email: string) => (await database.db.subscriber.findUniqueOrThrow({ where: { email } })).state;
const mailFor = (email: string) => sink.received.filter((m) => m.envelopeTo.includes(email));

describe("the digest on the web", () => {
  it("serves the archive copy without personal tokens, lists it, and has it in /digests.atom", async () => {
    const [mail] = mailFor("page@reader.test");
    const $mail = cheerio.load(String(mail.parsed.html));
    const viewInBrowser = $mail("a")
      .filter((_, a) => $mail(a).text() === "View in browser")
      .attr("href")!;
    expect(viewInBrowser).toBe(`${PUBLIC_URL}/digests/2025-W25.html`);
    const archive = await app.inject({ url: local(viewInBrowser) });
    expect(archive.statusCode).toBe(200);
    expect(archive.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(archive.body).toContain("Xi and Tokayev open the China–Central Asia summit in Astana");
    expect(archive.body).not.toMatch(/token=|unsubscribe/i);

    const index = await app.inject({ url: "/digests/" });
    const $ = cheerio.load(index.body);
    expect($("li a").attr("href")).toBe(`${PUBLIC_URL}/digests/2025-W25.html`);
    expect($('link[rel="alternate"]').attr("href")).toBe(`${PUBLIC_URL}/digests.atom`);
    expect($('form input[name="topics"]').length).toBeGreaterThan(5);

    const atom = await app.inject({ url: "/digests.atom" });
    expect(atom.headers["content-type"]).toBe("application/atom+xml; charset=utf-8");
    const $feed = cheerio.load(atom.body, { xml: true });
    expect($feed("entry")).toHaveLength(1);
    expect($feed("entry id").text()).toBe("tag:silkwire.test,2025:digest:2025-w25");
    expect($feed("entry link").attr("href")).toBe(`${PUBLIC_URL}/digests/2025-W25.html`);
    expect($feed("entry summary").text()).toContain("Xi and Tokayev open");
    expect((await app.inject({ url: "/digests/2025-W26.html" })).statusCode).toBe(404);
  });

  it("unsubscribes at once on the one-click POST of the List-Unsubscribe URL", async () => {
    const [mail] = mailFor("one-click@reader.test");
    const header = mail.parsed.headerLines.find((h) => h.key === "list-unsubscribe")!.line.replace(/\r?\n[ \t]+/g, " ");
    const url = /<(https:[^>]+)>/.exec(header)![1];
    const post = await app.inject({
      method: "POST",
      url: local(url),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "List-Unsubscribe=One-Click",
    });
    expect(post.statusCode).toBe(200);
    expect(await stateOf("one-click@reader.test")).toBe("unsubscribed");
  });

  it("the body's unsubscribe link opens a page with a button; only the button's POST unsubscribes", async () => {
    const [mail] = mailFor("page@reader.test");
    const $mail = cheerio.load(String(mail.parsed.html));
    const link = $mail("a")
      .filter((_, a) => $mail(a).text() === "Unsubscribe")
      .attr("href")!;
    const get = await app.inject({ url: local(link) });
    expect(get.statusCode).toBe(200);
    expect(get.body).toContain("page@reader.test");
    expect(await stateOf("page@reader.test")).toBe("active");
    const $ = cheerio.load(get.body);
    expect($("form").attr("method")).toBe("post");
    const post = await app.inject({ method: "POST", url: local($("form").attr("action")!) });
    expect(post.statusCode).toBe(200);
    expect(post.body).toContain("will not receive the weekly digest any more");
    expect(await stateOf("page@reader.test")).toBe("unsubscribed");
  });

  it("refuses forged or altered tokens", async () => {
    const forged = await app.inject({ method: "POST", url: "/unsubscribe?token=eyJlbWFpbCI6ImFAYi5jIn0.AAAA" });
    expect(forged.statusCode).toBe(400);
    expect((await app.inject({ url: "/digests/confirm?token=nope" })).statusCode).toBe(400);
  });

  it("subscribes through the form only after the confirmation link's button", async () => {
    const form = "email=New%40Reader.test&name=N%0D%0ABcc%3A+x%40evil.test&topics=energy&countries=KZ&countries=XX";
    const post = await app.inject({
      method: "POST",
      url: "/digests/subscribe",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: form,
    });
    expect(post.statusCode).toBe(200);
    expect(post.body).toContain("Check your inbox");
    expect(await stateOf("new@reader.test")).toBe("pending");
    const [confirmation] = mailFor("new@reader.test");
    expect(confirmation.raw).not.toMatch(/^Bcc:/im);
    const link = /https:\/\/silkwire\.test\/digests\/confirm\?token=\S+/.exec(String(confirmation.parsed.text))![0];
    const page = await app.inject({ url: local(link) });
    expect(page.body).toContain("Confirm");
    expect(await stateOf("new@reader.test")).toBe("pending");
    const $ = cheerio.load(page.body);
    await app.inject({ method: "POST", url: local($("form").attr("action")!) });
    const subscriber = await database.db.subscriber.findUniqueOrThrow({ where: { email: "new@reader.test" } });
    expect(subscriber).toMatchObject({
      state: "active",
      topics: ["energy"],
      countries: ["KZ"],
      name: "N Bcc: x@evil.test",
    });

    const bad = await app.inject({
      method: "POST",
      url: "/digests/subscribe",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "email=a%40b.test%0D%0ABcc%3A+x%40evil.test",
    });
    expect(bad.statusCode).toBe(400);
  });
});
