# Silkwire's workers, scheduler and (later) web server: one image, the role is the command.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# prisma.config.ts (read by `prisma generate` during install) imports these two files.
COPY src/store/database-url.ts src/store/pool.ts ./src/store/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY src ./src
COPY config ./config
USER node
ENTRYPOINT ["node", "src/cli/main.ts"]
CMD ["start"]
