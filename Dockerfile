# StudySync: one Node process serving tRPC over HTTP and WebSocket, the built web app,
# /healthz and /readyz on PORT, and /metrics on METRICS_PORT.
# CI builds this without a registry by passing --build-arg NODE_IMAGE=<a local base>.
ARG NODE_IMAGE=node:20.20-bookworm-slim

# 1. All dependencies (dev too), then the web app and the compiled server.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY packages/api/package.json packages/api/
COPY packages/db/package.json packages/db/
COPY packages/validators/package.json packages/validators/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json turbo.json ./
COPY apps apps
COPY packages packages
RUN npm run build -w @studysync/web && npm run build -w @studysync/server

# 2. Production dependencies of the server only (the workspace packages are bundled in).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY packages/api/package.json packages/api/
COPY packages/db/package.json packages/db/
COPY packages/validators/package.json packages/validators/
RUN npm ci --omit=dev --workspace @studysync/server --no-audit --no-fund \
  && npm cache clean --force \
  && rm -rf node_modules/@studysync

# 3. The runtime: node, the bundle, the web assets and production node_modules; no npm
#    step, no tsx, no build at start. Runs as an unprivileged numeric user so Kubernetes'
#    runAsNonRoot can verify it; the root filesystem can be read-only (only /tmp is written).
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    METRICS_PORT=9464 \
    WEB_DIST=/app/apps/web/dist \
    DATA_DIR=/tmp/studysync \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=build /app/package.json package.json
COPY --from=build /app/apps/server/package.json apps/server/package.json
COPY --from=build /app/apps/server/dist apps/server/dist
COPY --from=build /app/apps/web/dist apps/web/dist
USER 10001:10001
EXPOSE 3000 9464
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node is PID 1 and handles SIGTERM itself (apps/server/src/main.ts): stop accepting, tell
# WebSocket clients to reconnect, finish in-flight requests within SHUTDOWN_TIMEOUT_MS.
STOPSIGNAL SIGTERM
CMD ["node", "apps/server/dist/main.js"]
