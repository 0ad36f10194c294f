/**
 * readBoundedBody refuses a webhook body over the limit with 413 (declared or streamed), so a
 * large or endless body is never buffered; within the limit it is read whole. A loopback server.
 */
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readBoundedBody } from "../../src/github/server.js";

let server: Server;
let port: number;
/** What the handler got: the text, or undefined when refused. */
const read: (string | undefined)[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBoundedBody(req, res, 16).then((text) => {
      read.push(text);
      if (text !== undefined) res.writeHead(200).end(`read ${text.length}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => (read.length = 0));

/** POST `chunks`, one write each; `length`: a Content-Length header, else chunked. */
function post(chunks: string[], length?: number): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: "POST", path: "/", headers: length === undefined ? {} : { "content-length": String(length) } }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ...(res.headers["content-type"] ? { type: res.headers["content-type"] } : {}), body }));
    });
    req.on("error", reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe("readBoundedBody", () => {
  test("within the limit: read whole", async () => {
    expect(await post(["{\"a\":", "1}"])).toEqual({ status: 200, body: "read 7" });
    expect(read).toEqual(['{"a":1}']);
  });

  test("a Content-Length over the limit: 413 before a byte is read", async () => {
    const res = await post(["x".repeat(17)], 17);
    expect(res).toEqual({ status: 413, type: "application/json", body: JSON.stringify({ error: "payload larger than 16 bytes (GitHub's webhook limit)" }) });
    expect(read).toEqual([undefined]);
  });

  test("a chunked body that grows over the limit: 413 with the JSON error, the body is not kept", async () => {
    const res = await post(["x".repeat(10), "y".repeat(10), "z".repeat(10)]);
    expect(res).toEqual({ status: 413, type: "application/json", body: JSON.stringify({ error: "payload larger than 16 bytes (GitHub's webhook limit)" }) });
    expect(read).toEqual([undefined]);
  });
});
