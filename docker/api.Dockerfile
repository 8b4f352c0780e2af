# syntax=docker/dockerfile:1
#
# CommonGround API image. Build context: the repository root.
#   docker build -f docker/api.Dockerfile -t commonground-api .
# The same image also runs the one-shot CLIs:
#   node dist/apps/api/apps/api/src/cli/migrate.js   (creates the database if missing, applies migrations)
#   node dist/apps/api/apps/api/src/cli/seed.js      (optional seed data)

# Debian (glibc), not Alpine: @node-rs/argon2 and the nx CLI load prebuilt *-linux-*-gnu binaries.
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: every dependency (dev included), needed to build --------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci

# ---- build: tsc + tsc-alias through nx (dist/apps/api), and the web app by Vite (dist/apps/web) ----
FROM deps AS build
# No daemon, no cloud, plain output: a container build is a one-off CI-like run.
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false CI=true
COPY nx.json tsconfig.base.json tsconfig.json ./
COPY eslint.config.mjs schema.graphql ./
COPY apps ./apps
COPY libs ./libs
RUN npx nx run-many -t build --projects=api,web --skip-nx-cache --outputStyle=static

# ---- runtime: production dependencies + compiled output, non-root --------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=3000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci --omit=dev
# Code stays owned by root (read-only for the process); nothing is written to /app at run time.
COPY --from=build /app/dist/apps/api ./dist/apps/api
# The web app's files (hashed, pre-compressed), served by the API from the same origin.
COPY --from=build /app/dist/apps/web ./dist/apps/web

# 1000:1000 is the `node` user of the official image; numeric so runAsNonRoot checks can verify it.
USER 1000:1000
EXPOSE 3000

# Liveness (no curl in the slim image). /health/ready additionally checks PostgreSQL and the queue store:
# point load balancers there, not the container restart logic.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const p=process.env.HTTP_PORT||3000;require('node:http').get({host:'127.0.0.1',port:p,path:'/health/live',timeout:4000},r=>process.exit(r.statusCode===200?0:1)).on('timeout',()=>process.exit(1)).on('error',()=>process.exit(1))"]

# Nest's shutdown hooks handle SIGTERM; exec form keeps node as PID 1 so it receives the signal.
STOPSIGNAL SIGTERM
# Node flags as in tools/node-flags.mjs (a heap sized for the process, not for the host).
CMD ["node", "--max-old-space-size=512", "--max-semi-space-size=32", "dist/apps/api/apps/api/src/main.js"]
