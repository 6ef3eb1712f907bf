# Silkwire: one image for every role; the role is the command (migrate, scheduler, worker, web, start).
# Node 24 could run the TypeScript sources directly (type stripping, as a clone does), but its stripper holds about
# 30 MB in every process that loads .ts files, and a worker's peak must stay under 300 MB: so the build stage
# compiles the sources to JavaScript beside them (`npm run build`), and the image runs that. The build stage also
# generates the Prisma client; the final stage keeps production dependencies only.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# prisma.config.ts (read by `prisma generate`, the postinstall script) imports these two files.
COPY src/store/database-url.ts src/store/pool.ts ./src/store/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force
# Prisma ships its Wasm engines for every database and Studio's web assets; only PostgreSQL's engines are used
# (the client's query compiler; the CLI's schema engine for `silkwire migrate`). TypeScript arrives as an optional
# peer of Prisma and valibot; it compiled our sources above, and nothing at run time needs it.
RUN find node_modules/prisma node_modules/@prisma/client \
      \( -name '*.sqlite.*' -o -name '*.mysql.*' -o -name '*.sqlserver.*' -o -name '*.cockroachdb.*' -o -name '*.map' \) \
      -delete \
 && rm -rf node_modules/prisma/build/public node_modules/typescript node_modules/@typescript

FROM node:24-bookworm-slim
# tini as PID 1: forwards SIGTERM to Node (whose handlers let workers finish their jobs) and reaps children
# (`silkwire migrate` runs the Prisma CLI as one).
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
# The sources with their compiled JavaScript and the generated client (`node src/cli/main.ts` works too).
COPY --from=build /app/src ./src
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY config ./config
# Workers write the built feeds here and `web` serves them; a named volume mounted here starts with this owner.
RUN mkdir -p /app/public && chown node:node /app/public
USER node
EXPOSE 8080
# `web` answers /health on PORT (200 when Postgres and Redis answer). Roles without that endpoint set
# SILKWIRE_HEALTH_URL (workers and the scheduler: their /metrics listener on METRICS_PORT).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.SILKWIRE_HEALTH_URL || `http://127.0.0.1:${process.env.PORT || 8080}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["tini", "--", "node", "src/cli/main.js"]
CMD ["start"]
