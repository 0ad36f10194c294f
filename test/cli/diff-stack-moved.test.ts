/**
 * A stack whose construct stays but whose environment changes (real `aws-cdk-lib` synth,
 * in-process): `cdk deploy` creates a stack of that name in the new account or region, with new,
 * empty resources, and leaves the old one (deleted by `cdk destroy` or a pipeline that prunes).
 * Expected before running: like a renamed stack, the old stack's table fails. Before, the two
 * stacks were paired by artifact id and every resource read as unchanged: the gate passed.
 * An env-agnostic side may deploy anywhere: giving it a concrete environment is not a move.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, RemovalPolicy, Stack, type Environment } from "aws-cdk-lib";
import * as ddb from "aws-cdk-lib/aws-dynamodb";
import { gate as runGate } from "./gate.js";

const work = mkdtempSync(path.join(tmpdir(), "ag-moved-env-"));

function synth(name: string, env?: Environment): string {
  const outdir = path.join(work, `${name}.out`);
  const app = new App({ outdir });
  const stack = new Stack(app, "OrdersProd", { terminationProtection: true, ...(env ? { env } : {}) });
  new ddb.Table(stack, "Orders", { partitionKey: { name: "pk", type: ddb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
  app.synth();
  return outdir;
}

const virginia = synth("virginia", { account: "111111111111", region: "us-east-1" });

test("a new region for the same stack: the old stack's table fails, saying where the stack moves", async () => {
  const { code, out } = await runGate(work, virginia, synth("ireland", { account: "111111111111", region: "eu-west-1" }));
  expect(out.errors).toEqual([]);
  expect(out.findings.map((f) => [f.subject, f.severity])).toEqual([["OrdersProd/OrdersA9B65338", "error"]]);
  expect(out.findings[0]?.message).toContain("(the stack OrdersProd moves to region eu-west-1 in the head: CloudFormation creates it there as a new stack");
  expect(code).toBe(1);
});

test("a new account likewise; an env-agnostic stack given an environment is not a move", async () => {
  const { out } = await runGate(work, virginia, synth("other-account", { account: "222222222222", region: "us-east-1" }));
  expect(out.findings[0]?.message).toContain("moves to account 222222222222 in the head");
  const agnostic = await runGate(work, synth("agnostic"), virginia);
  expect(agnostic.out.findings).toEqual([]);
  expect(agnostic.code).toBe(0);
});

/** A stack named orders-prod under construct ids `ids`, holding a table. */
function synthNamed(name: string, ids: string[], region = "us-east-1"): string {
  const outdir = path.join(work, `${name}.out`);
  const app = new App({ outdir });
  for (const id of ids) {
    const stack = new Stack(app, id, { stackName: "orders-prod", env: { account: "111111111111", region } });
    new ddb.Table(stack, "Orders", { partitionKey: { name: "pk", type: ddb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
  }
  app.synth();
  return outdir;
}

test("a new construct id for the same stack name is the same stack, unless its region changes or two head stacks claim the name", async () => {
  // Verdicts written first: CloudFormation updates orders-prod in place whatever its construct id
  // (no finding); in another region it is a new stack (the old table fails, as a move); with two
  // head stacks of that name, which one replaces it is unknown (fail closed: the old table fails).
  const base = synthNamed("named-base", ["OrdersStack"]);
  const renamed = await runGate(work, base, synthNamed("named-head", ["OrdersStackV2"]));
  expect(renamed.out.errors).toEqual([]);
  expect(renamed.out.findings).toEqual([]);
  expect(renamed.code).toBe(0);
  const moved = await runGate(work, base, synthNamed("named-ireland", ["OrdersStackV2"], "eu-west-1"));
  expect(moved.out.findings.map((f) => [f.subject, f.severity])).toEqual([["orders-prod/OrdersA9B65338", "error"]]);
  const twice = await runGate(work, base, synthNamed("named-twice", ["OrdersStackV2", "OrdersStackV3"]));
  expect(twice.out.findings.map((f) => [f.subject, f.severity])).toEqual([["orders-prod/OrdersA9B65338", "error"]]);
  expect(twice.out.findings[0]?.message).toContain("no longer in the head assembly");
});
