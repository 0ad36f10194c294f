/**
 * A loopback AWS endpoint (node:http on 127.0.0.1, random port) that answers the real SDK
 * clients in AWS's wire format: query protocol with XML for IAM, CloudFormation and STS;
 * JSON 1.1 for Organizations and Secrets Manager, JSON 1.0 for SQS. Shapes follow the API reference examples
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html,
 * .../AWSCloudFormation/latest/APIReference/API_DescribeStacks.html, API_DescribeChangeSet.html,
 * .../STS/latest/APIReference/API_AssumeRole.html, .../organizations/latest/APIReference/API_ListAccounts.html).
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";

export type Service = "iam" | "cloudformation" | "sts" | "organizations" | "secretsmanager" | "sqs";

/** The X-Amz-Target prefix of each JSON-protocol service. */
const TARGET_SERVICE: Record<string, Service> = { AWSOrganizationsV20161128: "organizations", secretsmanager: "secretsmanager", AmazonSQS: "sqs" };

export interface StubRequest {
  service: Service;
  action: string;
  params: Record<string, string>;
  /** Parsed JSON body (JSON-protocol services). */
  json: Record<string, unknown>;
  /** The access key id in the SigV4 Authorization header: who is calling. */
  accessKey: string;
}

export type StubReply = { result: unknown } | { error: { code: string; message: string; status?: number } };
export type StubHandler = (req: StubRequest) => StubReply;

const NAMESPACE: Record<string, string> = {
  iam: "https://iam.amazonaws.com/doc/2010-05-08/",
  cloudformation: "http://cloudformation.amazonaws.com/doc/2010-05-15/",
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
};
const VERSION_SERVICE: Record<string, Service> = { "2010-05-08": "iam", "2010-05-15": "cloudformation", "2011-06-15": "sts" };

const escapeXml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Query-protocol XML: objects become elements, arrays become `<member>` lists. */
export function toXml(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join("");
  if (value !== null && typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join("");
  }
  return escapeXml(String(value));
}

export interface Stub {
  url: string;
  requests: StubRequest[];
  close: () => Promise<void>;
}

export async function startStub(handler: StubHandler): Promise<Stub> {
  const requests: StubRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const auth = req.headers.authorization ?? "";
      const accessKey = /Credential=([^/]+)\//.exec(auth)?.[1] ?? "";
      const target = req.headers["x-amz-target"];
      let request: StubRequest;
      if (typeof target === "string") {
        const [prefix = "", action = ""] = target.split(".");
        request = { service: TARGET_SERVICE[prefix] ?? "organizations", action, params: {}, json: body ? (JSON.parse(body) as Record<string, unknown>) : {}, accessKey };
      } else {
        const params = Object.fromEntries(new URLSearchParams(body));
        const service = VERSION_SERVICE[params["Version"] ?? ""];
        if (!service) {
          res.writeHead(400).end(`unknown request ${body}`);
          return;
        }
        request = { service, action: params["Action"] ?? "", params, json: {}, accessKey };
      }
      requests.push(request);
      const reply = handler(request);
      const requestId = randomUUID();
      if (typeof target === "string") {
        res.setHeader("content-type", req.headers["content-type"] ?? "application/x-amz-json-1.1");
        res.setHeader("x-amzn-requestid", requestId);
        if ("error" in reply) {
          res.writeHead(reply.error.status ?? 400).end(JSON.stringify({ __type: reply.error.code, Message: reply.error.message }));
        } else res.writeHead(200).end(JSON.stringify(reply.result));
        return;
      }
      res.setHeader("content-type", "text/xml");
      res.setHeader("x-amzn-requestid", requestId);
      const ns = NAMESPACE[request.service] ?? "";
      if ("error" in reply) {
        res
          .writeHead(reply.error.status ?? 400)
          .end(`<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${reply.error.code}</Code><Message>${escapeXml(reply.error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`);
        return;
      }
      const a = request.action;
      res
        .writeHead(200)
        .end(`<?xml version="1.0" encoding="UTF-8"?>\n<${a}Response xmlns="${ns}"><${a}Result>${toXml(reply.result)}</${a}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${a}Response>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Environment for a test: static credentials, no IMDS, the stub as every service's endpoint. */
export function awsEnv(url: string): () => void {
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_ENDPOINT_URL: url,
  });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  return () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  };
}

/** Retries with 1 ms delays: throttling tests stay fast yet exercise the SDK's retry path. */
export const FAST_RETRIES = { maxAttempts: 3, retryStrategy: new ConfiguredRetryStrategy(3, () => 1) };

export const READ_ONLY_NAME = /^(Get|List|Describe)[A-Za-z]+$|^AssumeRole$/;

export const encode = (doc: unknown): string => encodeURIComponent(JSON.stringify(doc));

/**
 * A loopback account per test: `serve(handler)` starts the stub and points the SDK at it (awsEnv);
 * both are undone after each test of the file that calls this at its top level.
 */
export function stubPerTest(): { serve: (handler: StubHandler) => Promise<Stub> } {
  let stub: Stub | undefined;
  let restore: (() => void) | undefined;
  afterEach(async () => {
    restore?.();
    await stub?.close();
    stub = restore = undefined;
  });
  return {
    serve: async (handler) => {
      stub = await startStub(handler);
      restore = awsEnv(stub.url);
      return stub;
    },
  };
}
