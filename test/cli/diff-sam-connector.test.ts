/**
 * The replacement gate on a SAM connector (the CloudFormation registry has no schema for
 * `AWS::Serverless::Connector`): its `Permissions` only choose the statements of the policy SAM
 * writes under the same logical id, updated in place, so a new permission passes; a new
 * destination may replace a Lambda permission SAM writes, and still fails closed. Verdicts written
 * from samtranslator's SamConnector before running.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gate } from "./gate.js";

const work = mkdtempSync(path.join(tmpdir(), "ag-sam-connector-"));

const template = (destination: string, permissions: string[]) => `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
  OrdersTable:
    Type: AWS::Serverless::SimpleTable
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
  ArchiveTable:
    Type: AWS::Serverless::SimpleTable
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
  OrdersFunctionToTable:
    Type: AWS::Serverless::Connector
    Properties:
      Source:
        Id: OrdersFunction
      Destination:
        Id: ${destination}
      Permissions: [${permissions.join(", ")}]
`;

/** The base and head templates, side by side. */
function files(base: string, head: string): [string, string] {
  const dir = mkdtempSync(path.join(work, "pair-"));
  const [baseFile, headFile] = [path.join(dir, "orders-prod.base.yaml"), path.join(dir, "orders-prod.head.yaml")];
  writeFileSync(baseFile, base);
  writeFileSync(headFile, head);
  return [baseFile, headFile];
}

describe("a SAM connector in a pull request", () => {
  test("a new permission (Read → Read, Write): the policy SAM writes is updated in place, the gate passes", async () => {
    const [base, head] = files(template("OrdersTable", ["Read"]), template("OrdersTable", ["Read", "Write"]));
    const { code, out } = await gate(work, base, head, ["--stack-name", "orders-prod"]);
    expect(out.errors).toEqual([]);
    expect(out.findings).toEqual([]);
    expect(code).toBe(0);
  });

  test("a new destination: not known to be in place, the gate fails closed", async () => {
    const [base, head] = files(template("OrdersTable", ["Read"]), template("ArchiveTable", ["Read"]));
    const { code, out } = await gate(work, base, head, ["--stack-name", "orders-prod"]);
    expect(code).toBe(1);
    expect(out.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^AWS::Serverless::Connector OrdersFunctionToTable .* changed in Destination, which the CloudFormation registry schema .* does not describe/)]);
  });
});
