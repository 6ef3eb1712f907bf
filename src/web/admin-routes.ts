// The queue dashboard (Bull Board) at /admin/queues, behind HTTP basic auth. Without ADMIN_USER and
// ADMIN_PASSWORD in the environment it is not mounted at all: /admin/queues is a 404.
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { WebDeps } from "./web-deps.ts";

export const ADMIN_PATH = "/admin/queues";

export async function adminRoutes(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const admin = deps.admin;
  if (!admin) return;
  const board = new FastifyAdapter();
  createBullBoard({ queues: Object.values(deps.queues).map((q) => new BullMQAdapter(q)), serverAdapter: board });
  board.setBasePath(ADMIN_PATH);
  // An encapsulated scope: the auth hook guards the dashboard's routes and nothing else.
  await app.register(async (scope) => {
    scope.addHook("onRequest", (request, reply, done) => {
      if (authorized(request, admin)) return done();
      void reply.code(401).header("www-authenticate", 'Basic realm="silkwire admin", charset="UTF-8"').send();
    });
    await scope.register(board.registerPlugin(), { prefix: ADMIN_PATH });
  });
}

function authorized(request: FastifyRequest, admin: { user: string; password: string }): boolean {
  const header = request.headers.authorization ?? "";
  if (!/^Basic /i.test(header)) return false;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  // Both fields are always compared, in constant time over fixed-length digests, so timing tells nothing.
  const userOk = sameSecret(decoded.slice(0, colon), admin.user);
  const passwordOk = sameSecret(decoded.slice(colon + 1), admin.password);
  return userOk && passwordOk;
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
