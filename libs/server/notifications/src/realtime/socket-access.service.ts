import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SOCKET_CLOSE, SubscriptionSockets } from '@cg/server/authz';
import { RealtimeService } from './realtime.service';

/** On each API instance: access changes signalled by the worker close this instance's sockets they concern. */
@Injectable()
export class SocketAccessService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SocketAccessService.name);
  private stop: (() => void) | null = null;

  constructor(
    private readonly realtime: RealtimeService,
    private readonly sockets: SubscriptionSockets,
  ) {}

  /** Listens from the start (not awaited: the API does not wait for the realtime store to answer before serving). */
  onApplicationBootstrap(): void {
    this.realtime
      .listenAccess((signal) => {
        this.sockets.close({ sessionId: signal.sessionId, userId: signal.userId, organisationId: signal.organisationId }, SOCKET_CLOSE[signal.close]);
      })
      .then((stop) => (this.stop = stop))
      .catch((error: unknown) => {
        if (!this.realtime.closed) this.logger.error({ err: String(error) }, 'could not listen for access changes');
      });
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }
}
