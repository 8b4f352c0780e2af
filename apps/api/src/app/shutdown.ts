import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AppConfig } from '@cg/server/config';

/**
 * Shutdown (SIGTERM, or app.close()) within SHUTDOWN_GRACE_MS: the server stops accepting connections (new
 * requests on open ones get 503), requests in flight may finish within the grace, and whatever is still open
 * after it is closed. Runs first on close (a provider of the root module), before Apollo's own drain, which
 * would otherwise wait a fixed 10 s; that drain then finds the server closed.
 */
@Injectable()
export class HttpDrain implements OnModuleDestroy {
  private readonly logger = new Logger(HttpDrain.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  async onModuleDestroy(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    const graceMs = this.config.http.shutdownGraceMs;
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      fastify.close().then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(timer);
    if (!drained) {
      this.logger.warn({ graceMs }, 'shutdown grace over: open connections closed');
      fastify.server.closeAllConnections();
    }
  }
}
