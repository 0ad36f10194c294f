/**
 * A resource moved to another stack of the app (real `aws-cdk-lib` synth, in-process). The shape
 * is 7empestx/DevHour's (no licence: facts only), commits 2b701541 → b5ed26dd ("s3stack
 * implementation2"): stack AlphaStage-restaurants, holding a RETAIN bucket, left the app and
 * AlphaStage-restaurants-s-three-alpha, a new stack with a new bucket, took its place. Expected
 * before running: the old bucket is a note (kept by Retain), an error when it was DESTROY; either
 * way the finding names the bucket the other stack adds and says that one starts empty. Before,
 * nothing pointed to the other stack: the note read as a harmless removal.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as s3 from "aws-cdk-lib/aws-s3";
import { gate as runGate } from "./gate.js";

const work = mkdtempSync(path.join(tmpdir(), "ag-moved-stack-"));

function synth(name: string, side: "base" | "head", removalPolicy: RemovalPolicy): string {
  const outdir = path.join(work, `${name}.out`);
  const app = new App({ outdir });
  const id = side === "base" ? "RestaurantsProd" : "RestaurantsS3Prod";
  new s3.Bucket(new Stack(app, id), "Restaurants", { removalPolicy });
  // A stack both sides keep, whose own bucket is unchanged.
  new s3.Bucket(new Stack(app, "MenusProd"), "Menus", { removalPolicy: RemovalPolicy.RETAIN });
  app.synth();
  return outdir;
}

test.each([
  [RemovalPolicy.RETAIN, "note", "the head adds RestaurantsS3Prod/Restaurants"],
  [RemovalPolicy.DESTROY, "error", "If it moved to another stack (the head adds RestaurantsS3Prod/Restaurants"],
])("a bucket (%s) whose stack left the app while another stack adds one: %s, naming the other stack's", async (policy, severity, text) => {
  const { out } = await runGate(work, synth(`base-${policy}`, "base", policy), synth(`head-${policy}`, "head", policy));
  expect(out.errors).toEqual([]);
  const bucket = out.findings.filter((f) => f.subject.startsWith("RestaurantsProd/Restaurants"));
  expect(bucket.map((f) => f.severity)).toEqual([severity]);
  expect(bucket[0]?.message).toContain(text);
  expect(bucket[0]?.message).toMatch(/starts empty|created empty/);
  expect(out.findings.filter((f) => f.subject.startsWith("MenusProd"))).toEqual([]);
});
