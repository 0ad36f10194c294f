/**
 * `aws iam get-account-authorization-details --filter Role > roles.json` (a common way to dump
 * only roles: seen in audit scripts and READMEs across public repositories). The AWS CLI's merged
 * pages keep only the result keys the answers hold (botocore's build_full_result), so such a file
 * may hold RoleDetailList alone. Decided before running: it is an account snapshot of roles, judged
 * as one (the kiro-agent-deployer role of gaad-cli.json still flagged; the customer managed policy
 * it attaches, not in the file, unverifiable: a finding, never a pass). Before, one list was not
 * enough to be recognized: "not a recognized input" when named, skipped unread when walked.
 * `Policies` alone is also `aws iam list-policies`' answer (no documents, no principals): still no input.
 */
import { readFileSync } from "node:fs";
import { isAuthorizationDetails, readAuthorizationDetails } from "../../../src/core/iam/authorization-details.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { detectKind } from "../../../src/core/inputs.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { catalogue, policy } from "./helpers.js";

const full = JSON.parse(readFileSync(new URL("../../fixtures/iam/gaad-cli.json", import.meta.url), "utf8")) as Record<string, unknown>;

test.each([
  ["RoleDetailList", "--filter Role"],
  ["UserDetailList", "--filter User"],
  ["GroupDetailList", "--filter Group"],
])("%s alone (%s) is authorization details", (key) => {
  expect(detectKind({ [key]: full[key] })).toBe("authorization-details");
});

test("--filter Role: the agent role is judged, and the managed policy the file does not hold is unverifiable", () => {
  const text = JSON.stringify({ RoleDetailList: full["RoleDetailList"] }, null, 4);
  const parsed = parseSource(text);
  const read = readAuthorizationDetails(parsed.value, "roles.json", parsed.lineOf);
  expect(read.errors).toEqual([]);
  const { findings } = evaluateIam(read.input, policy, catalogue);
  const kiro = findings.find((f) => f.subject.endsWith("role/kiro-agent-deployer") && f.rule === "agent-destructive-prod");
  expect(kiro?.evidence.some((e) => e.arn === "arn:aws:iam::111111111111:policy/AgentDeployPolicy" && e.note?.includes("not verified"))).toBe(true);
});

test("Policies alone (aws iam list-policies), or a detail list that is no list, is not authorization details", () => {
  expect(isAuthorizationDetails({ Policies: [{ PolicyName: "p", Arn: "arn:aws:iam::111111111111:policy/p", DefaultVersionId: "v1" }] })).toBe(false);
  expect(isAuthorizationDetails({ RoleDetailList: { RoleName: "r" } })).toBe(false);
});
