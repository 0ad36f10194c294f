/**
 * SQL through rds-data with a template's own secret: T1 when that secret is the database's master
 * secret (a SecretTargetAttachment to the cluster, the cluster's master user or password resolved
 * from it, as aws-cdk-lib's DatabaseCluster writes, or RDS's managed MasterUserSecret); an
 * application's own secret is not. Before, any template secret read as `*` (every secret).
 */
import { readFileSync } from "node:fs";
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();
const TEMPLATE = readFileSync(new URL("../../fixtures/cfn/database-secrets/data-api-master-secret.yaml", import.meta.url), "utf8");

function destructive(text: string): boolean {
  const parsed = parseSource(text);
  const { findings, errors } = evaluateTemplates([{ file: "db.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "Orders" }], policy, catalogue);
  expect(errors).toEqual([]);
  return findings.some((f) => f.rule === "agent-destructive-prod" && f.subject.endsWith("/AgentRole"));
}

const APP_SECRET = `
  AppSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: orders/app-readonly
      GenerateSecretString:
        SecretStringTemplate: '{"username":"app_readonly"}'
        GenerateStringKey: password
`;

describe("rds-data with a template's secret", () => {
  it.each([
    ["the SecretTargetAttachment (CDK's grantDataApiAccess)", "!Ref DbSecretAttachment"],
    ["the secret the cluster's master password resolves from", "!Ref DbSecret"],
  ])("the master secret by %s: T1", (_name, reference) => {
    expect(destructive(TEMPLATE.replace("!Ref DbSecretAttachment", reference))).toBe(true);
  });
  it("RDS's managed master secret (ManageMasterUserPassword, !GetAtt Db.MasterUserSecret.SecretArn): T1", () => {
    const managed = TEMPLATE.replace("!Ref DbSecretAttachment", "!GetAtt Db.MasterUserSecret.SecretArn").replace(/ {6}MasterUserPassword: .*\n/, "      ManageMasterUserPassword: true\n");
    expect(destructive(managed)).toBe(true);
  });
  it("an application's own secret, named or not, attached to no database: not T1", () => {
    expect(destructive(TEMPLATE.replace("!Ref DbSecretAttachment", "!Ref AppSecret") + APP_SECRET)).toBe(false);
    expect(destructive(TEMPLATE.replace("!Ref DbSecretAttachment", "!Ref AppSecret") + APP_SECRET.replace("      Name: orders/app-readonly\n", ""))).toBe(false);
  });
});
