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
  it("PassRole to the service a policy variable names: the request's value, so any service", () => {
    // `${aws:PrincipalTag/service}` is replaced by the caller's tag (IAM User Guide, "Variables
    // and tags"): a role, or a session that may carry tags, can name EC2 with it.
    expect(ids([passRole("StringEquals", "${aws:PrincipalTag/service}"), ec2])).toEqual(["ec2-run-instances"]);
    expect(ids([passRole("StringLike", ["lambda.amazonaws.com", "${aws:PrincipalTag/service}.amazonaws.com"]), ec2])).toEqual(["ec2-run-instances"]);
  });
  it("PassRole to anything but EC2: no EC2 path, the Lambda path", () => {
    expect(ids([passRole("StringNotEquals", "ec2.amazonaws.com"), ec2])).toEqual([]);
    expect(ids([passRole("StringNotEquals", "ec2.amazonaws.com"), ec2, lambda])).toEqual(["lambda-create-invoke"]);
  });
  it("another PassRole grant without the condition still counts; other conditions may hold", () => {
    expect(ids([passRole("StringEquals", "lambda.amazonaws.com"), allow("iam:PassRole", "arn:aws:iam::111111111111:role/ops"), ec2])).toEqual(["ec2-run-instances"]);
    expect(ids([allow("iam:PassRole", "*", { Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } }), ec2])).toEqual(["ec2-run-instances"]);
  });
  // The role a path's code runs as trusts one service principal, but AWS sets iam:PassedToService
  // to the service the request goes to, which may differ (AWS managed policies scope PassRole so).
  it("PassRole scoped as AWSAppRunnerFullAccess scopes it (apprunner.amazonaws.com): App Runner's instance role path", () => {
    expect(ids([passRole("StringLike", "apprunner.amazonaws.com"), allow("apprunner:CreateService")])).toEqual(["apprunner-create-service"]);
    expect(ids([passRole("StringLike", "tasks.apprunner.amazonaws.com"), allow("apprunner:CreateService")])).toEqual(["apprunner-create-service"]);
    expect(ids([passRole("StringLike", "lambda.amazonaws.com"), allow("apprunner:CreateService")])).toEqual([]);
  });
  it("PassRole to batch.amazonaws.com or ecs-tasks.amazonaws.com: the Batch job role path (sources name either)", () => {
    const batch = allow(["batch:RegisterJobDefinition", "batch:SubmitJob"], "*");
    expect(ids([passRole("StringEquals", "batch.amazonaws.com"), batch])).toContain("batch-submit-job");
    expect(ids([passRole("StringEquals", "ecs-tasks.amazonaws.com"), batch])).toContain("batch-submit-job");
  });
  it("PassRole to elasticbeanstalk.amazonaws.com (AdministratorAccess-AWSElasticBeanstalk lists it with ec2): the Beanstalk path", () => {
    expect(ids([passRole("StringEquals", "elasticbeanstalk.amazonaws.com"), allow("elasticbeanstalk:CreateEnvironment")])).toEqual(["elasticbeanstalk-create-environment"]);
  });
  it("PassRole to synthetics.amazonaws.com (CloudWatchSyntheticsFullAccess lists it with lambda): the canary path", () => {
    expect(ids([passRole("StringEquals", "synthetics.amazonaws.com"), allow(["synthetics:CreateCanary", "lambda:CreateFunction"])])).toEqual(["synthetics-create-canary"]);
  });
});
