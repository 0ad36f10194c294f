/**
 * A webhook whose sender goes away mid-body: the request fails inside the server (its body
 * stream errors), which is caught there; the server keeps answering (no unhandled rejection
 * taking the process down, no delivery treated as received).
 */
import { request } from "node:http";
import { connect } from "node:net";
import { startServer } from "../../src/github/server.js";
import { privateKey } from "./helpers.js";

const health = (port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/health", method: "GET", agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });

test("a webhook body cut off mid-stream: the server keeps serving", async () => {
  const running = await startServer({ WEBHOOK_SECRET: "s3cret", APP_ID: "123", PRIVATE_KEY: privateKey(), PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "fatal" });
  try {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(running.port, "127.0.0.1", () => {
        socket.write("POST /api/github/webhooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-GitHub-Event: push\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n");
        // The server has the headers and a first chunk; the sender disappears.
        socket.once("data", () => undefined);
        setImmediate(() => {
          socket.destroy();
          resolve();
        });
      });
      socket.on("error", reject);
    });
    expect(await health(running.port)).toBe(200);
    expect(await health(running.port)).toBe(200);
  } finally {
    await running.stop(1000);
  }
});
