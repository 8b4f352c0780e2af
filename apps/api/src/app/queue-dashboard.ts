import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QUEUES, Role } from '@cg/shared/domain';
import { AccessTokenService } from '@cg/server/authz';
import { JobsService } from '@cg/server/jobs';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board, for administrators only: queue depths, failed jobs (kept after their last attempt) and a
 * retry button. Every request, the page included, must carry an administrator's bearer token; the check
 * reads the database like every GraphQL request does, so a removed role takes effect at once.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const jobs = app.get(JobsService);
  const tokens = app.get(AccessTokenService);
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QUEUES).map((name) => new BullMQAdapter(jobs.queue(name) as never)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'CommonGround queues' } },
  });
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        try {
          const actor = await tokens.actorFromHeader(request.headers.authorization);
          if (!actor) return reply.code(401).header('www-authenticate', 'Bearer').send({ errors: [{ message: 'Sign in as an administrator.', extensions: { code: 'UNAUTHENTICATED' } }] });
          if (!actor.roles.includes(Role.ADMIN)) return reply.code(403).send({ errors: [{ message: 'Administrators only.', extensions: { code: 'FORBIDDEN' } }] });
        } catch {
          return reply.code(401).send({ errors: [{ message: 'Sign in as an administrator.', extensions: { code: 'UNAUTHENTICATED' } }] });
        }
        return undefined;
      });
      await scope.register(serverAdapter.registerPlugin() as never, { prefix: DASHBOARD_PATH });
    },
  );
}
