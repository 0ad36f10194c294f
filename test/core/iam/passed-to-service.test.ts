/**
 * iam:PassRole scoped with iam:PassedToService (AWS's documented way to let a role go to one
 * service only): a passed-role path counts only when a PassRole grant can reach the path's
 * service. AWS sets the key from the request; the agent cannot choose it.
 */
import { allow, escalation, role } from "./helpers.js";

const ids = (statements: Record<string, unknown>[]): string[] =>
  [...new Set(escalation(role(statements)).flatMap((f) => [...f.message.matchAll(/\(path ([a-z0-9-]+)\)/g)].map((m) => m[1] as string)))].sort();
const passRole = (operator: string, services: string | string[], resource = "*") => allow("iam:PassRole", resource, { Condition: { [operator]: { "iam:PassedToService": services } } });
const ec2 = allow(["ec2:RunInstances", "ec2:DescribeInstances"]);
const lambda = allow(["lambda:CreateFunction", "lambda:InvokeFunction"]);

describe("iam:PassedToService", () => {
  it("PassRole only to Lambda: no EC2 path, the Lambda path", () => {
    expect(ids([passRole("StringEquals", "lambda.amazonaws.com"), ec2])).toEqual([]);
    expect(ids([passRole("StringEquals", "lambda.amazonaws.com"), ec2, lambda])).toEqual(["lambda-create-invoke"]);
  });
  it("PassRole to EC2, by StringEquals, StringLike or a list with it: the EC2 path", () => {
    expect(ids([passRole("StringEquals", "ec2.amazonaws.com"), ec2])).toEqual(["ec2-run-instances"]);
    expect(ids([passRole("StringLike", "*.amazonaws.com"), ec2])).toEqual(["ec2-run-instances"]);
    expect(ids([passRole("ForAnyValue:StringEquals", ["lambda.amazonaws.com", "ec2.amazonaws.com"]), ec2])).toEqual(["ec2-run-instances"]);
  });
  it("PassRole to anything but EC2: no EC2 path, the Lambda path", () => {
    expect(ids([passRole("StringNotEquals", "ec2.amazonaws.com"), ec2])).toEqual([]);
    expect(ids([passRole("StringNotEquals", "ec2.amazonaws.com"), ec2, lambda])).toEqual(["lambda-create-invoke"]);
  });
  it("another PassRole grant without the condition still counts; other conditions may hold", () => {
    expect(ids([passRole("StringEquals", "lambda.amazonaws.com"), allow("iam:PassRole", "arn:aws:iam::111111111111:role/ops"), ec2])).toEqual(["ec2-run-instances"]);
    expect(ids([allow("iam:PassRole", "*", { Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } }), ec2])).toEqual(["ec2-run-instances"]);
  });
});
