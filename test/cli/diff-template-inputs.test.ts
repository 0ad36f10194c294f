/**
 * `diff` when a pull request changes what a resource reads from elsewhere in the template (a
 * condition's definition, a mapping entry, a parameter's Default) and leaves the resource's own
 * text as it was. Each verdict was decided from the templates before running:
 * - a condition guarding a table redefined (`prod` → `production`): when it is false at deploy the
 *   table is deleted (CloudFormation User Guide, "Conditions"): error, unless DeletionPolicy Retain;
 * - a mapping entry feeding `TableName`, or a parameter Default feeding it: a new name is a new
 *   table (TableName: "Update requires: Replacement"): error;
 * - a condition chosen by `Fn::If` for `BucketName`: the name may change: error;
 * - ordinary changes that must pass: a mapping gaining a region, an entry the lookup cannot reach,
 *   a condition feeding only an in-place property (a function's MemorySize), a parameter whose
 *   Description (not Default) changes;
 * - a parameter whose Type changes under the same Default (a Parameter Store type reads the value
 *   stored under that name): a new value, so feeding TableName: error.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gate } from "./gate.js";

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "ag-diff-inputs-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const keys = { AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], BillingMode: "PAY_PER_REQUEST" };

/** Writes base and head, runs the gate, returns [severity, subject, message] per finding and the exit code. */
async function run(name: string, base: object, head: object) {
  const [b, h] = [path.join(work, `${name}-base.json`), path.join(work, `${name}-head.json`)];
  writeFileSync(b, JSON.stringify(base, null, 1));
  writeFileSync(h, JSON.stringify(head, null, 1));
  const { code, out } = await gate(work, b, h, ["--stack-name", "orders-prod"]);
  expect(out.errors).toEqual([]);
  return { code, findings: out.findings.map((f) => [f.severity, f.subject, f.message] as const) };
}

const guarded = (env: string, extra: Record<string, unknown> = {}) => ({
  Parameters: { Env: { Type: "String", Default: "prod" } },
  Conditions: { IsProd: { "Fn::Equals": [{ Ref: "Env" }, env] } },
  Resources: { Table: { Type: "AWS::DynamoDB::Table", Condition: "IsProd", Properties: keys, ...extra } },
});

describe("diff: conditions, mappings and parameter defaults that feed a resource", () => {
  it("a redefined condition guarding a table may delete it (error); with DeletionPolicy Retain it is kept (note)", async () => {
    const deleted = await run("condition", guarded("prod"), guarded("production"));
    expect(deleted.code).toBe(1);
    expect(deleted.findings).toEqual([["error", "orders-prod/Table", expect.stringContaining("possibly deleted (its Condition changes")]]);
    expect(deleted.findings[0]?.[2]).toContain("caused by condition IsProd");
    expect(deleted.findings[0]?.[2]).toContain("keep condition IsProd as deployed");
    const kept = await run("condition-retained", guarded("prod", { DeletionPolicy: "Retain" }), guarded("production", { DeletionPolicy: "Retain" }));
    expect(kept.code).toBe(0);
    expect(kept.findings.map(([s, subject]) => [s, subject])).toEqual([["note", "orders-prod/Table"]]);
  });

  it("a condition that reads a parameter whose Default changes, through another condition, is changed too", async () => {
    const template = (env: string) => ({
      Parameters: { Env: { Type: "String", Default: env } },
      Conditions: { IsProd: { "Fn::Equals": [{ Ref: "Env" }, "prod"] }, Keep: { "Fn::Or": [{ Condition: "IsProd" }, { "Fn::Equals": ["a", "b"] }] } },
      Resources: { Table: { Type: "AWS::DynamoDB::Table", Condition: "Keep", Properties: keys } },
    });
    const { code, findings } = await run("condition-chain", template("prod"), template("staging"));
    expect(code).toBe(1);
    expect(findings).toEqual([["error", "orders-prod/Table", expect.stringContaining("caused by condition Keep")]]);
  });

  it("a mapping entry feeding TableName replaces the table; a new region, or an entry the lookup cannot reach, passes", async () => {
    const mapped = (names: Record<string, unknown>, key: unknown = { Ref: "AWS::Region" }) => ({
      Mappings: { Names: names },
      Resources: { Table: { Type: "AWS::DynamoDB::Table", Properties: { ...keys, TableName: { "Fn::FindInMap": ["Names", key, "table"] } } } },
    });
    const renamed = await run("mapping", mapped({ "us-east-1": { table: "orders" } }), mapped({ "us-east-1": { table: "orders-v2" } }));
    expect(renamed.code).toBe(1);
    expect(renamed.findings).toEqual([["error", "orders-prod/Table", expect.stringContaining("TableName (WILL_REPLACE, caused by mapping Names)")]]);
    // A region the deployed stack cannot have read (the lookup would have failed there): nothing changes for it.
    const region = await run("mapping-region", mapped({ "us-east-1": { table: "orders" } }), mapped({ "us-east-1": { table: "orders" }, "eu-west-1": { table: "orders-eu" } }));
    expect(region).toEqual({ code: 0, findings: [] });
    const other = await run("mapping-other", mapped({ a: { table: "orders" }, b: { table: "x" } }, "a"), mapped({ a: { table: "orders" }, b: { table: "y" } }, "a"));
    expect(other).toEqual({ code: 0, findings: [] });
    // With a DefaultValue (AWS::LanguageExtensions) a removed entry reads the default: a new name.
    const withDefault = (names: Record<string, unknown>) => ({
      Transform: "AWS::LanguageExtensions",
      Mappings: { Names: names },
      Resources: { Table: { Type: "AWS::DynamoDB::Table", Properties: { ...keys, TableName: { "Fn::FindInMap": ["Names", { Ref: "AWS::Region" }, "table", { DefaultValue: "orders-default" }] } } } },
    });
    const fallback = await run("mapping-default", withDefault({ "us-east-1": { table: "orders" } }), withDefault({ "eu-west-1": { table: "orders-eu" } }));
    expect(fallback.code).toBe(1);
  });

  it("a parameter Default feeding TableName (by Ref or in Fn::Sub) replaces the table; a new Description does not", async () => {
    const named = (parameter: Record<string, unknown>, name: unknown) => ({
      Parameters: { Name: { Type: "String", ...parameter } },
      Resources: { Table: { Type: "AWS::DynamoDB::Table", Properties: { ...keys, TableName: name } } },
    });
    const byRef = await run("parameter", named({ Default: "orders" }, { Ref: "Name" }), named({ Default: "orders-v2" }, { Ref: "Name" }));
    expect(byRef.code).toBe(1);
    expect(byRef.findings[0]?.[2]).toContain("TableName (WILL_REPLACE, caused by parameter Name)");
    const bySub = await run("parameter-sub", named({ Default: "orders" }, { "Fn::Sub": "${Name}-table" }), named({ Default: "orders-v2" }, { "Fn::Sub": "${Name}-table" }));
    expect(bySub.code).toBe(1);
    const described = await run("parameter-description", named({ Default: "orders" }, { Ref: "Name" }), named({ Default: "orders", Description: "the table's name" }, { Ref: "Name" }));
    expect(described).toEqual({ code: 0, findings: [] });
  });

  it("a parameter whose Type changes while its Default stays reads another value: TableName may change (error)", async () => {
    // Decided from the CloudFormation User Guide ("Specify existing resources at runtime with
    // CloudFormation-supplied parameter types", SSM parameter types) before running: typed
    // AWS::SSM::Parameter::Value<String>, the Default is the name of a Parameter Store parameter and
    // the deployed value is what it holds, no longer the Default's own text, so the table's name
    // changes with the same Default. Before, only a changed Default counted: 0 findings, exit 0.
    const named = (type: string) => ({
      Parameters: { Name: { Type: type, Default: "orders" } },
      Resources: { Table: { Type: "AWS::DynamoDB::Table", Properties: { ...keys, TableName: { "Fn::Sub": "${Name}-table" } } } },
    });
    const retyped = await run("parameter-type", named("String"), named("AWS::SSM::Parameter::Value<String>"));
    expect(retyped.code).toBe(1);
    expect(retyped.findings).toEqual([["error", "orders-prod/Table", expect.stringContaining("TableName (WILL_REPLACE, caused by parameter Name)")]]);
  });

  it("Fn::If over a redefined condition: BucketName may change (error), a function's MemorySize changes in place (pass)", async () => {
    const template = (env: string) => ({
      Parameters: { Env: { Type: "String", Default: "prod" } },
      Conditions: { IsProd: { "Fn::Equals": [{ Ref: "Env" }, env] } },
      Resources: {
        Bucket: { Type: "AWS::S3::Bucket", Properties: { BucketName: { "Fn::If": ["IsProd", "acme-orders", { Ref: "AWS::NoValue" }] } } },
        Fn: { Type: "AWS::Lambda::Function", Properties: { Role: "arn:aws:iam::111111111111:role/fn", Runtime: "nodejs20.x", Handler: "index.handler", Code: { ZipFile: "x" }, MemorySize: { "Fn::If": ["IsProd", 1024, 128] } } },
      },
    });
    const { code, findings } = await run("if", template("prod"), template("production"));
    expect(code).toBe(1);
    expect(findings).toEqual([["error", "orders-prod/Bucket", expect.stringContaining("BucketName (WILL_REPLACE, caused by condition IsProd)")]]);
  });

  /**
   * Fn::ForEach over a collection the template reads from elsewhere. Decided before running: a
   * mapping list that loses Invoices removes InvoicesTable (error, as a literal list does); a
   * CommaDelimitedList parameter whose Default loses it cannot be expanded here, so which tables
   * go cannot be told: an input error at the loop (exit 2), not a pass; with the same collection on
   * both sides only the fragment's change is judged (BillingMode: in place, pass).
   */
  it("Fn::ForEach over a mapping list that shrinks removes a table; over a changed parameter Default it is an input error", async () => {
    const fragment = (billing: string) => ({ "${Name}Table": { Type: "AWS::DynamoDB::Table", Properties: { ...keys, BillingMode: billing } } });
    const mapped = (names: string[]) => ({
      Transform: "AWS::LanguageExtensions",
      Mappings: { Cfg: { tables: { names } } },
      Resources: { "Fn::ForEach::Tables": ["Name", { "Fn::FindInMap": ["Cfg", "tables", "names"] }, fragment("PAY_PER_REQUEST")] },
    });
    const shrunk = await run("loop-mapping", mapped(["Orders", "Invoices"]), mapped(["Orders"]));
    expect(shrunk.code).toBe(1);
    expect(shrunk.findings).toEqual([["error", "orders-prod/InvoicesTable", expect.stringContaining("would be removed")]]);
    const byParameter = (names: string, billing = "PAY_PER_REQUEST") => ({
      Transform: "AWS::LanguageExtensions",
      Parameters: { Names: { Type: "CommaDelimitedList", Default: names } },
      Resources: { "Fn::ForEach::Tables": ["Name", { Ref: "Names" }, fragment(billing)] },
    });
    const [b, h] = [path.join(work, "loop-parameter-base.json"), path.join(work, "loop-parameter-head.json")];
    writeFileSync(b, JSON.stringify(byParameter("Orders,Invoices"), null, 1));
    writeFileSync(h, JSON.stringify(byParameter("Orders"), null, 1));
    const changed = await gate(work, b, h, ["--stack-name", "orders-prod"]);
    expect(changed.code).toBe(2);
    expect(changed.out.errors).toEqual([expect.objectContaining({ file: h, line: 10, message: expect.stringContaining("Fn::ForEach::Tables: its collection") })]);
    const same = await run("loop-parameter-same", byParameter("Orders,Invoices"), byParameter("Orders,Invoices", "PROVISIONED"));
    expect(same.code).toBe(0);
  });

  /**
   * aws-quickstart/quickstart-amazon-aurora-postgresql (Apache-2.0), templates/aurora_postgres.template.yaml:
   * the engine version is a parameter whose Default each "new engine versions" commit moves
   * (b5209d4: 9.6.9 -> 9.6.12), read by the cluster's `EngineVersion` (an in-place upgrade) and, through
   * `!FindInMap [DBFamilyMap, !Ref DBEngineVersion, family]`, by the parameter groups' `Family`
   * (create-only). Both versions map to the same family, `aurora-postgresql9.6`: the groups, and the
   * instances that name them, stay. Decided before running: a minor version whose family is the same:
   * pass; a major version (10.7, family `aurora-postgresql10`): the groups are replaced (error);
   * a Default that selects no entry on one side (the deploy fails there) is no change, as an entry only
   * on one side is not; the lookup of an explicit value still fails when an entry it can reach differs.
   */
  it("a parameter Default that selects a mapping entry of the same value changes nothing that reads it through the lookup", async () => {
    const families = { "9.6.9": { family: "aurora-postgresql9.6" }, "9.6.12": { family: "aurora-postgresql9.6" }, "10.7": { family: "aurora-postgresql10" } };
    const aurora = (version: string, map: Record<string, { family: string }> = families) => ({
      Parameters: { DBEngineVersion: { Type: "String", Default: version } },
      Mappings: { DBFamilyMap: map },
      Resources: {
        DBParamGroup: { Type: "AWS::RDS::DBParameterGroup", Properties: { Description: "instances", Family: { "Fn::FindInMap": ["DBFamilyMap", { Ref: "DBEngineVersion" }, "family"] } } },
        Cluster: { Type: "AWS::RDS::DBCluster", DeletionPolicy: "Snapshot", UpdateReplacePolicy: "Snapshot", Properties: { Engine: "aurora-postgresql", EngineVersion: { Ref: "DBEngineVersion" }, MasterUsername: "admin" } },
        Instance: { Type: "AWS::RDS::DBInstance", Properties: { Engine: "aurora-postgresql", DBClusterIdentifier: { Ref: "Cluster" }, DBInstanceClass: "db.r5.large", DBParameterGroupName: { Ref: "DBParamGroup" } } },
      },
    });
    const minor = await run("version-minor", aurora("9.6.9"), aurora("9.6.12"));
    expect(minor.findings).toEqual([]);
    expect(minor.code).toBe(0);
    // 2401b0a writes the Default unquoted (14.6 -> 14.7, YAML numbers) and the keys quoted.
    const numeric = (version: number) => ({ ...aurora("14.6", { "14.6": { family: "aurora-postgresql14" }, "14.7": { family: "aurora-postgresql14" } }), Parameters: { DBEngineVersion: { Type: "String", Default: version } } });
    expect((await run("version-numeric", numeric(14.6), numeric(14.7))).findings).toEqual([]);
    const major = await run("version-major", aurora("9.6.12"), aurora("10.7"));
    expect(major.code).toBe(1);
    expect(major.findings.map(([s, subject]) => [s, subject])).toEqual([["error", "orders-prod/DBParamGroup"], ["error", "orders-prod/Instance"]]);
    expect(major.findings[0]?.[2]).toContain("because Family (WILL_REPLACE, caused by parameter DBEngineVersion)");
    // The base's Default has no entry in the head's map (removed with the version): that deploy fails, nothing is replaced.
    const { ["9.6.9"]: _dropped, ...without } = families;
    expect((await run("version-entry-gone", aurora("9.6.9"), aurora("9.6.12", without))).code).toBe(0);
    // A deployer may pass another version: an entry it can reach that changes still fails.
    const moved = { ...families, "10.7": { family: "aurora-postgresql11" } };
    expect((await run("version-entry-changed", aurora("9.6.9"), aurora("9.6.12", moved))).findings.map(([s, subject]) => [s, subject])).toEqual([["error", "orders-prod/DBParamGroup"], ["error", "orders-prod/Instance"]]);
    // What the lookup cannot follow fails closed: a new Type beside the Default (a Parameter Store
    // type deploys what is stored under that name), or a DefaultValue that reads the parameter.
    const retyped = aurora("9.6.12");
    retyped.Parameters.DBEngineVersion.Type = "AWS::SSM::Parameter::Value<String>";
    expect((await run("version-retyped", aurora("9.6.9"), retyped)).findings.map(([s, subject]) => [s, subject])).toEqual([["error", "orders-prod/DBParamGroup"], ["error", "orders-prod/Instance"]]);
    const fallback = (version: string) => {
      const t = aurora(version);
      const family: Record<string, unknown> = { "Fn::FindInMap": ["DBFamilyMap", { Ref: "DBEngineVersion" }, "family", { DefaultValue: { Ref: "DBEngineVersion" } }] };
      return { Transform: "AWS::LanguageExtensions", ...t, Resources: { ...t.Resources, DBParamGroup: { ...t.Resources.DBParamGroup, Properties: { ...t.Resources.DBParamGroup.Properties, Family: family } } } };
    };
    expect((await run("version-default-value", fallback("9.6.9"), fallback("9.6.12"))).findings.map(([s, subject]) => [s, subject])).toEqual([["error", "orders-prod/DBParamGroup"], ["error", "orders-prod/Instance"]]);
  });
});
