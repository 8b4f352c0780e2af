// Loopback ports: a free one for a server about to start, and whether something already answers on one.
import net from 'node:net';

/** A port the kernel has just given out and taken back (free unless another process takes it in between). */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether a TCP connection to 127.0.0.1:`port` is accepted (for servers without an HTTP health check: Redis). */
export async function portAnswers(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** ioredis/BullMQ connection options from a redis:// URL (host, port, database number). */
export function redisOptions(url) {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : 6379, db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0 };
}
