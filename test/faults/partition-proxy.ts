import { connect, createServer, type Server, type Socket } from "node:net";

/** A TCP relay on loopback that can stop passing bytes, as a network partition does. */
export interface PartitionProxy {
  /** The relay's port: connect here instead of to the target. */
  port: number;
  /** From now on, bytes stop flowing both ways, and new connections hang without an answer. */
  partition(): void;
  /** Drops the connections held during the partition and relays again. */
  heal(): void;
  close(): Promise<void>;
}

/**
 * Starts a relay to `targetPort` on 127.0.0.1. Unlike stopping a database, which refuses
 * connections at once, a partition answers nothing at all: the case where only timeouts save a
 * server from hanging.
 *
 * @example
 * ```ts
 * const proxy = await startPartitionProxy(pg.port);
 * proxy.partition();
 * proxy.heal();
 * ```
 */
export async function startPartitionProxy(targetPort: number): Promise<PartitionProxy> {
  let partitioned = false;
  const sockets = new Set<Socket>();
  const held = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    if (partitioned) {
      held.add(client);
      client.pause();
      return;
    }
    const upstream = connect(targetPort, "127.0.0.1");
    sockets.add(upstream);
    upstream.on("close", () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on("error", () => upstream.destroy());
    client.on("close", () => upstream.destroy());
    client.on("data", (chunk) => {
      if (!partitioned) upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (!partitioned) client.write(chunk);
    });
    // A connection that lives through a partition has lost bytes: it is held until healed.
    const hold = () => {
      if (partitioned) held.add(client);
    };
    client.on("data", hold);
    upstream.on("data", hold);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("The relay has no port.");

  return {
    port: address.port,
    partition() {
      partitioned = true;
    },
    heal() {
      partitioned = false;
      for (const socket of held) socket.destroy();
      held.clear();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
