/**
 * A resource moved into a nested stack (real `aws-cdk-lib` synth, in-process): the parent
 * removes it and the nested stack creates a new, empty one. CloudFormation deletes the old one
 * (DeletionPolicy Delete) or leaves it behind (Retain); neither moves the data. Expected before
 * running: an error for a DESTROY table, a note for a RETAIN one, each naming where the head adds
 * one of the same type and how to move it (retain, then `cdk import`). Before, the finding said
 * nothing about the nested stack, and the note nothing at all.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, NestedStack, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as ddb from "aws-cdk-lib/aws-dynamodb";
import { gate as runGate } from "./gate.js";

const work = mkdtempSync(path.join(tmpdir(), "ag-moved-"));

function synth(name: string, nested: boolean, removalPolicy: RemovalPolicy): string {
  const outdir = path.join(work, `${name}.out`);
  const app = new App({ outdir });
  const stack = new Stack(app, "OrdersProd", { terminationProtection: true });
  new ddb.Table(nested ? new NestedStack(stack, "Data") : stack, "Orders", { partitionKey: { name: "pk", type: ddb.AttributeType.STRING }, removalPolicy });
  app.synth();
  return outdir;
}

test.each([
  [RemovalPolicy.DESTROY, "error", "If it moved into a nested stack (the head adds DataNestedStack"],
  [RemovalPolicy.RETAIN, "note", "of the same type in a nested stack: if it moved there, that one starts empty"],
])("a table (%s) moved into a nested stack: %s, naming the nested one", async (policy, severity, text) => {
  const { out } = await runGate(work, synth(`base-${policy}`, false, policy), synth(`head-${policy}`, true, policy));
  expect(out.errors).toEqual([]);
  expect(out.findings.map((f) => [f.subject, f.severity])).toEqual([["OrdersProd/OrdersA9B65338", severity]]);
  expect(out.findings[0]?.message).toContain(text);
  expect(out.findings[0]?.message).toContain("/OrdersA9B65338");
  expect(out.findings[0]?.message).toContain("`cdk import`");
});
