# syntax=docker/dockerfile:1
#
# CommonGround worker image (BullMQ jobs). Build context: the repository root.
#   docker build -f docker/worker.Dockerfile -t commonground-worker .
# The worker serves no API; its only port is WORKER_HEALTH_PORT (/health/live, /health/ready).

# Debian (glibc), not Alpine: @node-rs/argon2 and the nx CLI load prebuilt *-linux-*-gnu binaries.
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: every dependency (dev included), needed to build --------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci

# ---- build: tsc + tsc-alias through nx, output in dist/apps/worker -------------------------
FROM deps AS build
# No daemon, no cloud, plain output: a container build is a one-off CI-like run.
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false CI=true
COPY nx.json tsconfig.base.json tsconfig.json ./
COPY apps ./apps
COPY libs ./libs
RUN npx nx run worker:build --skip-nx-cache --outputStyle=static

# ---- runtime: production dependencies + compiled output, non-root --------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# HTTP_HOST is also the bind address of the worker's health server.
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    WORKER_HEALTH_PORT=3001 \
    NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci --omit=dev
# Code stays owned by root (read-only for the process); nothing is written to /app at run time.
COPY --from=build /app/dist/apps/worker ./dist/apps/worker

# 1000:1000 is the `node` user of the official image; numeric so runAsNonRoot checks can verify it.
USER 1000:1000
EXPOSE 3001

# Liveness (no curl in the slim image). /health/ready additionally checks PostgreSQL, the queue store
# and that the workers are running.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const p=process.env.WORKER_HEALTH_PORT||3001;require('node:http').get({host:'127.0.0.1',port:p,path:'/health/live',timeout:4000},r=>process.exit(r.statusCode===200?0:1)).on('timeout',()=>process.exit(1)).on('error',()=>process.exit(1))"]

# SIGTERM: workers stop taking jobs and finish those in progress (enableShutdownHooks in main.ts).
# Exec form keeps node as PID 1 so it receives the signal.
STOPSIGNAL SIGTERM
# Node flags as in tools/node-flags.mjs (a heap sized for the process, not for the host).
CMD ["node", "--max-old-space-size=512", "--max-semi-space-size=32", "dist/apps/worker/apps/worker/src/main.js"]
