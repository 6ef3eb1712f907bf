// The digest on the web: the archive (/digests/, /digests/<YYYY-Www>.html, /digests.atom), the subscribe form with
// double opt-in, and unsubscribing. A GET never changes anything: the links in e-mails open a page with a button,
// because corporate link scanners open every link. A POST to the unsubscribe URL (RFC 8058 one-click, or the
// page's button) unsubscribes at once.
import type { FastifyInstance, FastifyReply } from "fastify";
import { isValidEmail, normalizeEmail } from "../config/email-address.ts";
import { renderActionPage, renderArchivePage, renderDigestsAtom, type ArchivedDigest } from "../digest/archive.ts";
import { buildDigestContent } from "../digest/content.ts";
import { confirmUrl } from "../digest/links.ts";
import { plainLine } from "../digest/plain-text.ts";
import { verifyToken } from "../digest/tokens.ts";
import { composeConfirmationMail } from "../mail/confirmation.ts";
import { openSmtp } from "../mail/smtp.ts";
import { loadDigestContext, type DigestContext } from "../mail/weekly-digest.ts";
import { listDigests } from "../store/digest-store.ts";
import { loadDigest } from "../mail/build-digest.ts";
import { addPendingSubscriber, confirmSubscriber, unsubscribe } from "../store/subscribers-store.ts";
import { databaseUrl } from "../store/database-url.ts";
import { taxonomyPath } from "../config/paths.ts";
import type { WebDeps } from "./web-deps.ts";

const ARCHIVE_FILE = /^(\d{4}-W\d{2})\.(html|txt)$/;
const FEED_ENTRIES = 52;

function page(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .send(body);
}

async function archived(ctx: DigestContext): Promise<ArchivedDigest[]> {
  const rows = (await listDigests(ctx.db)).slice(0, FEED_ENTRIES);
  const digests = await Promise.all(rows.map((row) => loadDigest(ctx.db, row.week)));
  return digests.flatMap((d) =>
    d
      ? [
          {
            week: d.week,
            storyCount: d.storyCount,
            builtAt: d.builtAt,
            headlines: buildDigestContent(d.input).top.map((s) => s.title),
          },
        ]
      : [],
  );
}

function archiveRoutes(app: FastifyInstance, context: () => DigestContext): void {
  app.get("/digests", (_request, reply) => reply.redirect("/digests/", 301));
  app.get("/digests/", async (_request, reply) => {
    const ctx = context();
    const choices = { topics: ctx.names.topicNames, countries: ctx.names.countryNames };
    const body = renderArchivePage(ctx.environment.site, await archived(ctx), choices);
    return reply.header("content-type", "text/html; charset=utf-8").header("cache-control", "max-age=300").send(body);
  });
  app.get("/digests.atom", async (_request, reply) => {
    const ctx = context();
    const body = renderDigestsAtom(ctx.environment.site, await archived(ctx));
    return reply
      .header("content-type", "application/atom+xml; charset=utf-8")
      .header("cache-control", "max-age=300")
      .send(body);
  });
  app.get<{ Params: { file: string } }>("/digests/:file", async (request, reply) => {
    const match = ARCHIVE_FILE.exec(request.params.file);
    const digest = match ? await loadDigest(context().db, match[1]) : undefined;
    if (!match || !digest) return page(reply, 404, renderActionPage("Not found", "There is no digest for that week."));
    const html = match[2] === "html";
    return reply
      .header("content-type", html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8")
      .header("cache-control", "max-age=3600")
      .send(html ? digest.html : digest.text);
  });
}

/** The choices a form sends: repeated fields arrive as arrays, single ones as strings. */
function list(value: unknown, allowed: Record<string, string>): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.map(String).filter((v) => Object.hasOwn(allowed, v));
}

function subscriptionRoutes(app: FastifyInstance, context: () => DigestContext): void {
  app.post<{ Body: Record<string, unknown> }>("/digests/subscribe", async (request, reply) => {
    const ctx = context();
    const { secret, smtpUrl, site } = ctx.environment;
    if (!secret || !smtpUrl)
      return page(reply, 503, renderActionPage("Not available", "Subscribing by e-mail is not set up on this server."));
    const form = request.body ?? {};
    const email = normalizeEmail(String(form.email ?? ""));
    if (!isValidEmail(email))
      return page(
        reply,
        400,
        renderActionPage("Check the address", "That does not look like an e-mail address.", {
          back: `${site.publicUrl}/digests/#subscribe`,
        }),
      );
    const choice = {
      email,
      name: plainLine(String(form.name ?? "")).slice(0, 100) || undefined,
      topics: list(form.topics, ctx.names.topicNames),
      countries: list(form.countries, ctx.names.countryNames),
    };
    await addPendingSubscriber(ctx.db, choice);
    const transport = openSmtp({ url: smtpUrl, rateLimit: ctx.config.digest.rateLimit });
    try {
      const outcome = await transport.send(
        composeConfirmationMail(ctx.config.digest.from, email, confirmUrl(site, secret, choice)),
      );
      if (outcome.kind !== "sent") request.log.warn(`confirmation to ${email}: ${outcome.kind}: ${outcome.error}`);
    } finally {
      transport.close();
    }
    // The same answer whatever the address's state, so the form cannot be used to learn who subscribes.
    return page(
      reply,
      200,
      renderActionPage(
        "Check your inbox",
        `We sent a confirmation link to ${email}. Nothing else is sent until you follow it.`,
      ),
    );
  });
  tokenAction(app, context, {
    path: "/digests/confirm",
    purpose: "confirm",
    ask: {
      title: "Confirm your subscription",
      message: (email) => `Send the Silkwire weekly digest to ${email}?`,
      button: "Confirm",
    },
    act: async (ctx, payload) => {
      const { email, name, topics = [], countries = [] } = payload;
      return (await confirmSubscriber(ctx.db, { email, name, topics, countries }))
        ? { title: "Subscribed", message: `The weekly digest will come to ${email} every Monday.` }
        : { title: "Not subscribed", message: `Mail to ${email} was refused before, so we do not send to it.` };
    },
  });
  tokenAction(app, context, {
    path: "/unsubscribe",
    purpose: "unsubscribe",
    ask: {
      title: "Unsubscribe",
      message: (email) => `Stop sending the Silkwire weekly digest to ${email}?`,
      button: "Unsubscribe",
    },
    act: async (ctx, payload) => {
      await unsubscribe(ctx.db, payload.email);
      return { title: "Unsubscribed", message: `${payload.email} will not receive the weekly digest any more.` };
    },
  });
}

interface TokenAction {
  path: string;
  purpose: "confirm" | "unsubscribe";
  ask: { title: string; message: (email: string) => string; button: string };
  act: (
    ctx: DigestContext,
    payload: NonNullable<ReturnType<typeof verifyToken>>,
  ) => Promise<{ title: string; message: string }>;
}

/** GET shows what the signed link will do, with a button; POST (the button, or a mail client's one-click) does it. */
function tokenAction(app: FastifyInstance, context: () => DigestContext, action: TokenAction): void {
  const verified = (token: unknown) => {
    const secret = context().environment.secret;
    return secret && typeof token === "string" ? verifyToken(secret, action.purpose, token) : undefined;
  };
  const invalid = (reply: FastifyReply) =>
    page(reply, 400, renderActionPage("Link not valid", "This link is not valid or has expired."));
  app.get<{ Querystring: { token?: string } }>(action.path, async (request, reply) => {
    const payload = verified(request.query.token);
    if (!payload) return invalid(reply);
    const target = `${context().environment.site.publicUrl}${action.path}?token=${encodeURIComponent(request.query.token!)}`;
    return page(
      reply,
      200,
      renderActionPage(action.ask.title, action.ask.message(payload.email), {
        action: target,
        button: action.ask.button,
      }),
    );
  });
  app.post<{ Querystring: { token?: string } }>(action.path, async (request, reply) => {
    const payload = verified(request.query.token);
    if (!payload) return invalid(reply);
    const done = await action.act(context(), payload);
    return page(
      reply,
      200,
      renderActionPage(done.title, done.message, { back: `${context().environment.site.publicUrl}/digests/` }),
    );
  });
}

/** One route module, registered in server.ts. Its forms are parsed in its own scope only. */
export async function digestRoutes(app: FastifyInstance, deps: WebDeps): Promise<void> {
  let cached: DigestContext | undefined;
  const context = () => {
    cached ??= loadDigestContext(deps.db, databaseUrl(), taxonomyPath());
    cached.environment.site = { publicUrl: deps.publish.publicUrl };
    return cached;
  };
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 16_384 },
      (_request, body, done) => {
        const form: Record<string, string | string[]> = {};
        for (const [key, value] of new URLSearchParams(String(body))) {
          const existing = form[key];
          form[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
        }
        done(null, form);
      },
    );
    archiveRoutes(scope, context);
    subscriptionRoutes(scope, context);
  });
}
