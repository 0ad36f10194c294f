/**
 * A Deny conditioned on aws:PrincipalArn protects an agent only when the condition provably holds
 * for the agent's ARN: a positive operator that names it, a negative one that does not; anything
 * else (another ARN, an operator we do not model, a principal whose ARN is unknown) leaves the
 * Allow standing (fail closed). Verdicts written from the IAM evaluation logic, before running.
 */
import { allow, deny, destructive, PROD_ACCOUNT, role } from "./helpers.js";

const arn = (name: string) => `arn:aws:iam::${PROD_ACCOUNT}:role/${name}`;
const AGENT = arn("kiro-agent");
const agentWith = (condition: Record<string, unknown>, extra = {}) =>
  role([allow("dynamodb:DeleteTable"), deny("dynamodb:DeleteTable", "*", { Condition: condition })], { name: "kiro-agent", ...extra });

describe("Deny with an aws:PrincipalArn condition", () => {
  it.each<[string, Record<string, unknown>]>([
    ["StringEquals naming the agent among others", { StringEquals: { "aws:PrincipalArn": [arn("other"), AGENT] } }],
    ["ArnEquals naming the agent", { ArnEquals: { "aws:PrincipalArn": AGENT } }],
    ["ArnLike with a pattern the agent matches", { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${PROD_ACCOUNT}:role/*-agent` } }],
    ["StringNotEquals naming only a break-glass role", { StringNotEquals: { "aws:PrincipalArn": arn("break-glass") } }],
    ["ArnNotEquals naming only a break-glass role", { ArnNotEquals: { "aws:PrincipalArn": arn("break-glass") } }],
    ["ArnNotLike with a pattern the agent does not match", { ArnNotLike: { "aws:PrincipalArn": `arn:aws:iam::${PROD_ACCOUNT}:role/break-*` } }],
    ["ArnEquals with a pattern the agent matches (ARN operators take wildcards in each part)", { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${PROD_ACCOUNT}:role/*-agent` } }],
    ["StringLike with a pattern that spans colons (string operators do)", { StringLike: { "aws:PrincipalArn": "arn:aws:iam*agent" } }],
    ["StringEqualsIfExists naming the agent", { StringEqualsIfExists: { "aws:PrincipalArn": AGENT } }],
  ])("%s: the Deny holds, no finding", (_what, condition) => {
    expect(destructive(agentWith(condition))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>]>([
    ["StringEquals naming another role", { StringEquals: { "aws:PrincipalArn": arn("other") } }],
    ["StringNotLike exempting agents by pattern", { StringNotLike: { "aws:PrincipalArn": `arn:aws:iam::${PROD_ACCOUNT}:role/*agent*` } }],
    ["an operator the evaluation does not model", { "ForAnyValue:StringEquals": { "aws:PrincipalArn": AGENT } }],
    ["an exact operator given a pattern (StringEquals does not expand *)", { StringEquals: { "aws:PrincipalArn": `arn:aws:iam::${PROD_ACCOUNT}:role/*` } }],
    // IAM User Guide, "Condition operators": string and ARN operators match case-sensitively
    // (only StringEqualsIgnoreCase does not), so another spelling of the name is another role.
    ["ArnLike with the agent's name in upper case", { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${PROD_ACCOUNT}:role/KIRO-*` } }],
    ["StringLike with the agent's name in upper case", { StringLike: { "aws:PrincipalArn": `arn:aws:iam::${PROD_ACCOUNT}:role/KIRO-AGENT` } }],
    ["ArnEquals with the agent's name in another case", { ArnEquals: { "aws:PrincipalArn": arn("Kiro-Agent") } }],
    // A negated operator holds only when the value does not match even ignoring case.
    ["StringNotLike exempting the agent's name in upper case", { StringNotLike: { "aws:PrincipalArn": `arn:aws:iam::${PROD_ACCOUNT}:role/KIRO-*` } }],
    ["ArnLike whose * would have to span the colons of the ARN's first segments", { ArnLike: { "aws:PrincipalArn": "arn:aws:iam*agent" } }],
  ])("%s: the Deny does not protect, DeleteTable is a finding", (_what, condition) => {
    expect(destructive(agentWith(condition)).map((f) => f.actions)).toEqual([["dynamodb:DeleteTable"]]);
  });

  it("a principal whose ARN is unknown (an unnamed template role): the condition cannot be proven, finding", () => {
    const agent = agentWith({ StringEquals: { "aws:PrincipalArn": AGENT } }, { arn: undefined });
    expect(destructive(agent).map((f) => f.actions)).toEqual([["dynamodb:DeleteTable"]]);
  });
});
