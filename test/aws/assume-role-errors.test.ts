/**
 * STS answering AssumeRole without credentials (a broken proxy, an endpoint that is not STS): an
 * error naming the call and the role (exit 2), nothing read with the caller's own credentials.
 * Loopback AWS endpoint in AWS's wire format.
 */
import { runAudit } from "../../src/cli/audit.js";
import { runChangeset } from "../../src/cli/changeset.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { awsEnv, startStub, type Stub } from "./stub.js";

const policy = resolvePolicy();
const ROLE = "arn:aws:iam::111111111111:role/auditor";
let stub: Stub;
let restore: () => void;
beforeEach(async () => {
  stub = await startStub((req) => (req.action === "AssumeRole" ? { result: { AssumedRoleUser: { Arn: `${ROLE}/agent-guardrail-audit`, AssumedRoleId: "AROAEXAMPLE:agent-guardrail-audit" } } } : { error: { code: "InvalidAction", message: req.action } }));
  restore = awsEnv(stub.url);
});
afterEach(async () => {
  restore();
  await stub.close();
});

describe("AssumeRole that returns no credentials", () => {
  it("audit: an error naming the role, no finding, nothing else called", async () => {
    const report = await runAudit({ format: "json", failOn: "error", roleArn: ROLE }, policy);
    expect(report.errors).toEqual([{ file: "aws:sts:AssumeRole", message: expect.stringContaining(`AssumeRole ${ROLE} returned no credentials`) }]);
    expect(report.findings).toEqual([]);
    expect(stub.requests.map((r) => r.action)).toEqual(["AssumeRole"]);
  });

  it("changeset: the same, and no input read", async () => {
    const report = await runChangeset({ format: "json", failOn: "error", stackName: "orders-prod", changeSetName: "orders-prod-cs", roleArn: ROLE }, policy);
    expect(report.errors).toEqual([{ file: "aws:sts:AssumeRole", message: expect.stringContaining(`AssumeRole ${ROLE} returned no credentials`) }]);
    expect(report.inputs).toBe(0);
    expect(stub.requests.map((r) => r.action)).toEqual(["AssumeRole"]);
  });
});
