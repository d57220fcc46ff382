/** Listening and shutdown shared by the HTTPS simulators (eAPI, Redfish): one server per address. */
import type https from 'node:https';

/** Listens on address:port (0 = a free port) and returns the port actually bound. */
export async function listenOn(server: https.Server, port: number, address: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  return typeof addr === 'object' && addr !== null ? addr.port : port;
}

/** Closes the servers and every connection they still hold (kept-alive or hung requests). */
export async function closeAll(servers: readonly https.Server[]): Promise<void> {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        }),
    ),
  );
}
