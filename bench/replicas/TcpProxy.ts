import net from 'net';

/**
 * A TCP proxy between the portal replicas and PostgreSQL, so the benchmark can make the
 * database unreachable for them (and only them): `cut()` drops every connection and refuses
 * new ones until `restore()`.
 */
export class TcpProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private refusing = false;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer(client => {
      if (this.refusing) {
        client.destroy();
        return;
      }
      const upstream = net.connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>(resolve =>
      this.server.listen(0, '127.0.0.1', () => resolve()),
    );
    return (this.server.address() as net.AddressInfo).port;
  }

  cut() {
    this.refusing = true;
    for (const socket of this.sockets) socket.destroy();
  }

  restore() {
    this.refusing = false;
  }

  async close() {
    this.cut();
    await new Promise(resolve => this.server.close(resolve));
  }
}
