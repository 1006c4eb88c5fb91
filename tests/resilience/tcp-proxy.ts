/**
 * A TCP proxy on 127.0.0.1 in front of a PostgreSQL server, so a test can make the database
 * unreachable for the app and bring it back without touching the shared server: `down()` resets
 * every proxied connection and stops listening (new connections are refused, ECONNREFUSED, as
 * when the database host is down or restarting); `up()` listens again on the same port.
 * Closes are passed on as they came: an end as an end, a reset as a reset.
 */
import net from 'node:net';

export type TcpProxy = {
  port: number;
  /** Connections accepted so far. */
  accepted(): number;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
};

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let accepted = 0;
  const server = net.createServer((client) => {
    accepted++;
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.pipe(upstream);
    upstream.pipe(client);
    // A reset on one side is a reset on the other (pipe() only passes an orderly end on).
    client.on('error', () => upstream.resetAndDestroy());
    upstream.on('error', () => client.resetAndDestroy());
    // The pair is forgotten only once both sockets are closed, so down() reaches every one.
    let open = 2;
    const closed = () => --open === 0 && pairs.delete(pair);
    client.on('close', () => {
      upstream.destroy();
      closed();
    });
    upstream.on('close', () => {
      client.end();
      closed();
    });
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  let listening = true;

  async function down() {
    if (listening) {
      listening = false;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const { client, upstream } of pairs) {
          client.resetAndDestroy();
          upstream.destroy();
        }
        pairs.clear();
      });
    }
  }

  return {
    port,
    accepted: () => accepted,
    down,
    async up() {
      if (!listening) {
        await listen(port);
        listening = true;
      }
    },
    close: down,
  };
}
