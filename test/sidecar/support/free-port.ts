// A TCP port of 127.0.0.1 that nothing listens on now (for a host process that must come back on the same port).
import net from 'node:net';

/** Asks the kernel for a free port and releases it at once. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
