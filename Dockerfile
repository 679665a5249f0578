# syntax=docker/dockerfile:1
# Audit Trail Bot: build stage compiles TypeScript; the runtime stage has only production dependencies and dist/.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json manifest.json ./
COPY src ./src
COPY migrations ./migrations
COPY cards ./cards
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_URL=sqlite:/data/audit-trail-bot.sqlite
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# The code is root's and read-only to the bot; only /data (the SQLite file) is the bot's to write.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# The process check (/healthz: the database answers). Orchestrators that route traffic should also probe /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# node is PID 1 and gets SIGTERM itself (no npm or shell in between): in-flight sends finish, then exit 0.
CMD ["node", "dist/src/main.js"]
