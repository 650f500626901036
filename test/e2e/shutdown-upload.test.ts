import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { startServer } from "../helpers/server.ts";

describe("graceful stop", () => {
  it("a slow upload does not hold shutdown: SIGTERM exits 0 within a few seconds", async () => {
    const server = await startServer();
    const { port } = new URL(server.url);
    const socket = connect(Number(port), "127.0.0.1");
    await new Promise<void>((r) => socket.once("connect", () => r()));
    socket.on("error", () => {});
    // Announces a megabyte and sends a trickle of it: the request stays open until cut.
    socket.write(
      "POST /api/admin/subscribers/import HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{",
    );
    const trickle = setInterval(() => socket.write(" "), 200);
    await new Promise((r) => setTimeout(r, 500));
    const signalledAt = performance.now();
    try {
      expect(await server.stop("SIGTERM")).toBe(0);
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
    expect(performance.now() - signalledAt).toBeLessThan(6_000);
  });
});
