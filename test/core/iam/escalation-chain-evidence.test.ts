/**
 * agent-privilege-escalation: the evidence and actions of a chain finding, and the words for what a
 * reachable role can do when it can escalate but not destroy (pinned after the mutation run of
 * 3 December found them unpinned).
 */
import type { Finding } from "../../../src/core/finding.js";
import type { Principal } from "../../../src/core/iam/model.js";
import { allow, escalation, PROD_ACCOUNT, role, source, type Statement } from "./helpers.js";

const arn = (name: string) => `arn:aws:iam::${PROD_ACCOUNT}:role/${name}`;
const trust = (principal: Record<string, unknown>) => source("Trust", [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }], "trust.json");
const target = (name: string, statements: Statement[], trustPolicy = trust({ AWS: `arn:aws:iam::${PROD_ACCOUNT}:root` })): Principal => role(statements, { name, trustPolicy });
const ADMIN = [allow("*")];
/** The evidence a chain adds: the trust policy that admits the agent, and the reachable target. */
const chainNotes = (f: Finding | undefined) =>
  (f?.evidence ?? []).filter((e) => e.note?.startsWith("reachable: ") || e.note?.startsWith("trust policy of ")).map((e) => ({ file: e.file, pointer: e.pointer, note: e.note }));

describe("the evidence of a chain", () => {
  it("a hop granted by the agent's own policy cites the target, not the target's trust policy", () => {
    const agent = role([allow("sts:AssumeRole", arn("deploy-role"))], { name: "kiro-agent" });
    const [f] = escalation([agent, target("deploy-role", ADMIN)]);
    expect(chainNotes(f)).toEqual([
      {
        file: "template.json",
        pointer: "/Resources/deploy-role",
        note: expect.stringMatching(/^reachable: kiro-agent → deploy-role \(sts:AssumeRole\), which can delete or replace production resources \(.+; through Inline\)$/),
      },
    ]);
    // Every evidence item is a located object (nothing else slips into the list).
    expect(f?.evidence.every((e) => typeof e === "object" && typeof e.file === "string")).toBe(true);
  });

  it("a hop admitted by trust alone cites the trust policy first, then the target", () => {
    const agent = role([allow("s3:GetObject", "arn:aws:s3:::artifacts/*")], { name: "kiro-agent" });
    const [f] = escalation([agent, target("break-glass", ADMIN, trust({ AWS: arn("kiro-agent") }))]).filter((x) => x.subject === arn("kiro-agent"));
    const cited = chainNotes(f);
    expect(cited).toHaveLength(2);
    expect(cited[0]).toEqual({ file: "trust.json", pointer: "/Trust", note: "trust policy of break-glass admits kiro-agent" });
    expect(cited[1]?.note).toMatch(/^reachable: kiro-agent → break-glass \(sts:AssumeRole\), which can delete/);
    expect(f?.evidence.every((e) => typeof e === "object" && typeof e.file === "string")).toBe(true);
  });
});

describe("the actions of a chain finding", () => {
  it("a chain through a passed role lists the passing actions, not sts:AssumeRole", () => {
    const agent = role([allow("iam:PassRole", arn("ops-instance")), allow("ec2:RunInstances")], { name: "kiro-agent" });
    const [f] = escalation([agent, target("ops-instance", ADMIN, trust({ Service: "ec2.amazonaws.com" }))]);
    expect(f?.message).toContain("kiro-agent → ops-instance (ec2-run-instances)");
    expect(f?.actions).toEqual(["ec2:RunInstances", "iam:PassRole"]);
  });
});

describe("the actions of a finding, sorted", () => {
  it("sts:AssumeRole added for a trust-only chain takes its sorted place before the actions it prefixes", () => {
    const agent = role([allow("sts:AssumeRoleWithWebIdentity")], { name: "kiro-agent" });
    const [f] = escalation([agent, target("break-glass", ADMIN, trust({ AWS: arn("kiro-agent") }))]).filter((x) => x.subject === arn("kiro-agent"));
    expect(f?.actions).toEqual(["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"]);
  });
});

describe("what a reachable role can do", () => {
  it("a role that can only escalate (three paths) is described by its first two", () => {
    const agent = role([allow("sts:AssumeRole", arn("iam-helper"))], { name: "kiro-agent" });
    const helper = target("iam-helper", [allow(["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:PutRolePolicy"])]);
    const [f] = escalation([agent, helper]).filter((x) => x.subject === arn("kiro-agent"));
    expect(f?.message).toMatch(/it can become kiro-agent → iam-helper \(sts:AssumeRole\), which can escalate \(path [a-z0-9-]+, path [a-z0-9-]+\)$/);
  });
});

describe("a finding that reaches many roles", () => {
  it("is an error, and cites the first three chains only (the message counts the rest)", () => {
    const names = ["admin-a", "admin-b", "admin-c", "admin-d", "admin-e"];
    const agent = role([allow("sts:AssumeRole", names.map(arn))], { name: "kiro-agent" });
    const [f] = escalation([agent, ...names.map((n) => target(n, ADMIN))]).filter((x) => x.subject === arn("kiro-agent"));
    expect(f?.severity).toBe("error");
    expect(chainNotes(f)).toHaveLength(3);
    expect(f?.message).toMatch(/; and 2 more$/);
  });
});
