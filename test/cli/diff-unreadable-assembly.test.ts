/**
 * A cloud assembly whose manifest cannot be read (real `aws-cdk-lib` synth, in-process, then the
 * manifest broken as 7empestx/DevHour committed it at 4fb35f0d: a merge left `<<<<<<< HEAD` in
 * cdk.out/manifest.json; facts only, no licence). Its stacks are not known, so they are neither
 * removed nor added. Expected before running: the root manifest broken: exit 2, the manifest's
 * error, no finding; a stage's manifest broken: exit 2, the stage's stacks not judged, while a
 * replaced table in a root stack still fails. Before, every stack of the unread side was reported
 * as removed (DevHour: 11 findings, 4 of them errors, for a pull request that changed nothing).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, RemovalPolicy, Stack, Stage } from "aws-cdk-lib";
import * as ddb from "aws-cdk-lib/aws-dynamodb";
import { gate as runGate } from "./gate.js";

const work = mkdtempSync(path.join(tmpdir(), "ag-unreadable-"));

function synth(name: string, rootKey = "pk"): string {
  const outdir = path.join(work, `${name}.out`);
  const app = new App({ outdir });
  const table = (stack: Stack, key: string) => new ddb.Table(stack, "Orders", { partitionKey: { name: key, type: ddb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
  table(new Stack(app, "OrdersProd"), rootKey);
  const stage = new Stage(app, "AlphaStage");
  table(new Stack(stage, "MealsProd"), "pk");
  app.synth();
  return outdir;
}

/** A copy of `dir` whose manifest at `relative` holds a merge conflict. */
function conflicted(dir: string, name: string, relative: string): string {
  const copy = path.join(work, name);
  cpSync(dir, copy, { recursive: true });
  const file = path.join(copy, relative);
  const lines = readFileSync(file, "utf8").split("\n");
  lines.splice(2, 0, "<<<<<<< HEAD", "=======", ">>>>>>> main");
  writeFileSync(file, lines.join("\n"));
  return copy;
}

const base = synth("base");

test("the head's root manifest unreadable: an input error, and no stack judged removed", async () => {
  const { code, out } = await runGate(work, base, conflicted(base, "root-broken.out", "manifest.json"));
  expect(code).toBe(2);
  expect(out.errors.map((e) => e.message)).toEqual([expect.stringContaining("not a readable cloud assembly")]);
  expect(out.findings).toEqual([]);
});

test("a stage's manifest unreadable on one side: its stacks are not judged; a root stack's replaced table still fails", async () => {
  const head = conflicted(synth("head", "orderId"), "stage-broken.out", "assembly-AlphaStage/manifest.json");
  const { code, out } = await runGate(work, base, head);
  expect(code).toBe(2);
  expect(out.errors.map((e) => e.file)).toEqual([path.join(head, "assembly-AlphaStage", "manifest.json")]);
  expect(out.findings.map((f) => [f.severity, f.subject.split("/")[0]])).toEqual([["error", "OrdersProd"]]);
  // And the other way round: the base's stage unreadable, its stacks are not "added".
  const reversed = await runGate(work, conflicted(base, "stage-broken-base.out", "assembly-AlphaStage/manifest.json"), synth("head2"));
  expect(reversed.out.findings).toEqual([]);
});
