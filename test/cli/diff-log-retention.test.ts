/**
 * The replacement gate on a function's log retention (real `aws-cdk-lib` synth, in-process): a
 * function with `logRetention` gets aws-cdk-lib's `Custom::LogRetention`, whose handler
 * (aws-cdk-lib, custom-resource-handlers/dist/aws-logs/log-retention-handler, Apache-2.0) on
 * Create and Update sets the retention of the log group it names, keeps that name as its
 * physical id, and deletes the group only on Delete with `RemovalPolicy: destroy`. A new
 * retention is therefore applied in place, as it is for an `AWS::Logs::LogGroup`'s
 * `RetentionInDays` ("No interruption"): it passes. Before, changing a function's retention failed
 * the gate as an unknown custom resource. Another log group, or `RemovalPolicy` (which decides
 * whether the group is deleted), still fails closed. Verdicts written before running.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, Stack } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { gate as runGate } from "./gate.js";

const work = mkdtempSync(path.join(tmpdir(), "ag-logret-"));

function synth(name: string, retention: logs.RetentionDays, options: { functionName?: string } = {}): string {
  const outdir = path.join(work, `${name}.out`);
  const app = new App({ outdir });
  const stack = new Stack(app, "OrdersProd", { terminationProtection: true });
  new lambda.Function(stack, "Handler", {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: "index.handler",
    code: lambda.Code.fromInline("exports.handler = async () => 'ok';"),
    functionName: options.functionName ?? "orders-handler",
    logRetention: retention,
  });
  app.synth();
  return outdir;
}

const gate = (base: string, head: string) => runGate(work, base, head);
const month = synth("month", logs.RetentionDays.ONE_MONTH);

test("a new retention period is set on the same log group: the gate passes", async () => {
  const { code, out } = await gate(month, synth("quarter", logs.RetentionDays.THREE_MONTHS));
  expect(out.errors).toEqual([]);
  expect(out.findings).toEqual([]);
  expect(code).toBe(0);
});

test("another function name (so another log group) still fails: the function is replaced, and the retention resource moves", async () => {
  const { code, out } = await gate(month, synth("renamed", logs.RetentionDays.ONE_MONTH, { functionName: "orders-handler-v2" }));
  expect(code).toBe(1);
  const subjects = out.findings.map((f) => f.subject.split("/").pop()?.replace(/[0-9A-F]{8}$/, ""));
  expect(subjects).toEqual(expect.arrayContaining(["Handler", "HandlerLogRetention"]));
});
