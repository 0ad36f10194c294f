/**
 * The replacement gate on a search domain's version upgrade. CloudFormation replaces an
 * `AWS::OpenSearchService::Domain` whose `EngineVersion` changes, and an
 * `AWS::Elasticsearch::Domain` whose `ElasticsearchVersion` changes, unless the resource's
 * `UpdatePolicy` says `EnableVersionUpgrade: true`; then it upgrades the domain in place
 * (CloudFormation Template Reference, `UpdatePolicy` attribute, "EnableVersionUpgrade policy", and
 * the two resources' version properties: "When EnableVersionUpgrade is set to false, or is not
 * specified, updating EngineVersion results in replacement"; AWS Knowledge Center
 * "cloudformation-opensearch-upgrade"). The registry schema cannot say "replaces unless a policy
 * says otherwise": `@aws-cdk/aws-service-spec` marks OpenSearch's `EngineVersion` as an update
 * and Elasticsearch's `ElasticsearchVersion` as a possible replacement, so a version bump of a
 * production OpenSearch domain (aws-cdk-lib's `Domain` without `enableVersionUpgrade`, its
 * default) passed the gate, and the same bump of a domain that does upgrade in place (widdix
 * aws-cf-templates state/elasticsearch.yaml since edfc69c, Apache-2.0) failed it unless
 * `--allow-conditional`, which then also waived a real replacement.
 *
 * Verdicts decided from those documents before running: no policy, a new version: replaced
 * (error); the policy on both sides: in place (pass); the policy added in the same change as the
 * version: error (which template's policy CloudFormation applies is not something a reviewer
 * should have to know, as for UpdateReplacePolicy: add it in a change of its own first); the
 * policy does not cover another create-only property (DomainName): still replaced.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as opensearch from "aws-cdk-lib/aws-opensearchservice";
import { gate as runGate } from "./gate.js";

const work = mkdtempSync(path.join(tmpdir(), "ag-search-version-"));

interface DomainOptions {
  version: opensearch.EngineVersion;
  enableVersionUpgrade?: boolean;
  domainName?: string;
}

/** A production stack with one OpenSearch domain, as the aws-cdk-lib README writes it (removalPolicy DESTROY, as samples do). */
function synth(name: string, options: DomainOptions): string {
  const outdir = path.join(work, `${name}.out`);
  const app = new App({ outdir });
  const stack = new Stack(app, "SearchProd", { terminationProtection: true });
  new opensearch.Domain(stack, "Search", {
    version: options.version,
    removalPolicy: RemovalPolicy.DESTROY,
    ...(options.enableVersionUpgrade !== undefined ? { enableVersionUpgrade: options.enableVersionUpgrade } : {}),
    ...(options.domainName !== undefined ? { domainName: options.domainName } : {}),
  });
  app.synth();
  return outdir;
}

const gate = (base: string, head: string, extra: string[] = []) => runGate(work, base, head, extra);
const domainFindings = (findings: { subject: string; severity: string; message: string }[]) => findings.filter((f) => /\/Search[0-9A-F]{8}$/.test(f.subject));

describe("AWS::OpenSearchService::Domain EngineVersion (aws-cdk-lib opensearchservice.Domain)", () => {
  test("a new version without enableVersionUpgrade replaces the domain: the gate fails and says how to upgrade in place", async () => {
    const base = synth("plain-2-11", { version: opensearch.EngineVersion.OPENSEARCH_2_11 });
    const { code, out } = await gate(base, synth("plain-2-13", { version: opensearch.EngineVersion.OPENSEARCH_2_13 }));
    expect(out.errors).toEqual([]);
    const found = domainFindings(out.findings);
    expect(found).toHaveLength(1);
    expect(found[0]?.severity).toBe("error");
    expect(found[0]?.message).toContain("would be replaced because EngineVersion");
    expect(found[0]?.message).toContain("EnableVersionUpgrade");
    expect(code).toBe(1);
  });

  test("with enableVersionUpgrade in the base and the head the domain is upgraded in place: the gate passes", async () => {
    const base = synth("upgrade-2-11", { version: opensearch.EngineVersion.OPENSEARCH_2_11, enableVersionUpgrade: true });
    const { code, out } = await gate(base, synth("upgrade-2-13", { version: opensearch.EngineVersion.OPENSEARCH_2_13, enableVersionUpgrade: true }));
    expect(out.errors).toEqual([]);
    expect(out.findings).toEqual([]);
    expect(code).toBe(0);
  });

  test("enableVersionUpgrade added in the same change as the version still fails (add the policy on its own first)", async () => {
    const base = synth("added-2-11", { version: opensearch.EngineVersion.OPENSEARCH_2_11 });
    const { code, out } = await gate(base, synth("added-2-13", { version: opensearch.EngineVersion.OPENSEARCH_2_13, enableVersionUpgrade: true }));
    expect(domainFindings(out.findings).map((f) => f.severity)).toEqual(["error"]);
    expect(code).toBe(1);
  });

  test("adding enableVersionUpgrade alone changes nothing that replaces: the gate passes", async () => {
    const base = synth("policy-only-before", { version: opensearch.EngineVersion.OPENSEARCH_2_11 });
    const { code, out } = await gate(base, synth("policy-only-after", { version: opensearch.EngineVersion.OPENSEARCH_2_11, enableVersionUpgrade: true }));
    expect(out.findings).toEqual([]);
    expect(code).toBe(0);
  });

  test("the policy covers the version only: a new DomainName beside it still replaces the domain", async () => {
    const base = synth("named-a", { version: opensearch.EngineVersion.OPENSEARCH_2_11, enableVersionUpgrade: true, domainName: "orders-a" });
    const { code, out } = await gate(base, synth("named-b", { version: opensearch.EngineVersion.OPENSEARCH_2_13, enableVersionUpgrade: true, domainName: "orders-b" }));
    const found = domainFindings(out.findings);
    expect(found.map((f) => f.severity)).toEqual(["error"]);
    expect(found[0]?.message).toContain("DomainName");
    expect(code).toBe(1);
  });
});

describe("AWS::Elasticsearch::Domain ElasticsearchVersion (a template shaped like widdix state/elasticsearch.yaml)", () => {
  /** The version comes from a parameter whose Default the change moves, as widdix's template reads it. */
  function template(name: string, version: string, upgradeInPlace: boolean | "computed"): string {
    const dir = path.join(work, name);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "elasticsearch.yaml");
    writeFileSync(file, [
      "AWSTemplateFormatVersion: '2010-09-09'",
      "Parameters:",
      "  ElasticsearchVersion:",
      "    Type: String",
      `    Default: '${version}'`,
      "Resources:",
      "  ElasticsearchDomain:",
      "    Type: 'AWS::Elasticsearch::Domain'",
      "    DeletionPolicy: Snapshot",
      "    UpdateReplacePolicy: Snapshot",
      "    Properties:",
      "      ElasticsearchVersion: !Ref ElasticsearchVersion",
      "      ElasticsearchClusterConfig:",
      "        InstanceType: t3.small.elasticsearch",
      "        InstanceCount: 1",
      ...(upgradeInPlace === true ? ["    UpdatePolicy:", "      EnableVersionUpgrade: true"] : []),
      // A policy decided at deployment (AWS::LanguageExtensions resolves it): not known to be on.
      ...(upgradeInPlace === "computed" ? ["    UpdatePolicy:", "      EnableVersionUpgrade: !Ref UpgradeInPlace"] : []),
      "",
    ].join("\n"));
    return file;
  }

  test("with EnableVersionUpgrade on both sides a new version is an in-place upgrade: the gate passes without --allow-conditional", async () => {
    const { code, out } = await gate(template("es-policy-7-9", "7.9", true), template("es-policy-7-10", "7.10", true));
    expect(out.errors).toEqual([]);
    expect(out.findings).toEqual([]);
    expect(code).toBe(0);
  });

  test("a policy the template computes (EnableVersionUpgrade: !Ref) is not known to be on: a new version fails closed", async () => {
    const { code, out } = await gate(template("es-computed-7-9", "7.9", "computed"), template("es-computed-7-10", "7.10", "computed"), ["--allow-conditional"]);
    expect(out.findings.map((f) => f.severity)).toEqual(["error"]);
    expect(code).toBe(1);
  });

  test("without the policy a new version replaces the domain: an error that --allow-conditional does not waive", async () => {
    const { code, out } = await gate(template("es-plain-7-9", "7.9", false), template("es-plain-7-10", "7.10", false), ["--allow-conditional"]);
    expect(out.findings.map((f) => [f.subject.split("/").pop(), f.severity])).toEqual([["ElasticsearchDomain", "error"]]);
    expect(out.findings[0]?.message).toContain("would be replaced because ElasticsearchVersion");
    expect(out.findings[0]?.message).toContain("parameter ElasticsearchVersion");
    expect(code).toBe(1);
  });
});

/**
 * The same "replaces unless UpdatePolicy" for an ElastiCache replication group's shards: "When
 * UseOnlineResharding is set to false, or is not specified, updating NumNodeGroups results in
 * replacement" (and NodeGroupConfiguration likewise); with `UseOnlineResharding: true`
 * CloudFormation adds or removes shards online (CloudFormation Template Reference, `UpdatePolicy`
 * attribute, "UseOnlineResharding policy"; the two properties' own pages, whose text
 * `@aws-cdk/aws-service-spec` carries). The spec marks both as possible replacements, so the gate
 * failed a resharding that keeps the data unless `--allow-conditional`, which then waived the
 * certain replacement of a group without the policy. The template is shaped like widdix
 * aws-cf-templates state/elasticache-redis.yaml since 0b8f0b9 (Apache-2.0: `NumNodeGroups: !Ref
 * NumShards`, `UseOnlineResharding: true`, Snapshot policies), written here.
 *
 * Verdicts decided from those documents before running: the policy on both sides and a new shard
 * count (or a shard added to NodeGroupConfiguration): resharded in place, pass; no policy, a new
 * count: replaced, an error also with --allow-conditional; the policy added in the same change:
 * an error; the policy does not cover ReplicasPerNodeGroup (create-only): still replaced.
 */
describe("AWS::ElastiCache::ReplicationGroup NumNodeGroups and NodeGroupConfiguration (UseOnlineResharding)", () => {
  interface RedisOptions {
    shards: number;
    online: boolean;
    replicas?: number;
    nodeGroups?: string[];
  }
  function redis(name: string, o: RedisOptions): string {
    const dir = path.join(work, name);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "elasticache-redis.yaml");
    writeFileSync(file, [
      "AWSTemplateFormatVersion: '2010-09-09'",
      "Parameters:",
      "  NumShards:",
      "    Type: Number",
      `    Default: ${o.shards}`,
      "Resources:",
      "  ReplicationGroup:",
      "    Type: 'AWS::ElastiCache::ReplicationGroup'",
      "    DeletionPolicy: Snapshot",
      "    UpdateReplacePolicy: Snapshot",
      "    Properties:",
      "      ReplicationGroupDescription: !Ref 'AWS::StackName'",
      "      AutomaticFailoverEnabled: true",
      "      CacheNodeType: cache.t3.micro",
      "      Engine: redis",
      "      NumNodeGroups: !Ref NumShards",
      `      ReplicasPerNodeGroup: ${o.replicas ?? 1}`,
      ...(o.nodeGroups ? ["      NodeGroupConfiguration:", ...o.nodeGroups.flatMap((id) => [`      - NodeGroupId: '${id}'`, "        ReplicaCount: 1"])] : []),
      ...(o.online ? ["    UpdatePolicy:", "      UseOnlineResharding: true"] : []),
      "",
    ].join("\n"));
    return file;
  }

  test("with UseOnlineResharding on both sides a new shard count reshards in place: the gate passes without --allow-conditional", async () => {
    const { code, out } = await gate(redis("redis-online-1", { shards: 1, online: true }), redis("redis-online-2", { shards: 2, online: true }));
    expect(out.errors).toEqual([]);
    expect(out.findings).toEqual([]);
    expect(code).toBe(0);
  });

  test("with the policy a shard added to NodeGroupConfiguration is in place too", async () => {
    const { code, out } = await gate(redis("redis-groups-1", { shards: 1, online: true, nodeGroups: ["0001"] }), redis("redis-groups-2", { shards: 2, online: true, nodeGroups: ["0001", "0002"] }));
    expect(out.findings).toEqual([]);
    expect(code).toBe(0);
  });

  test("without the policy a new shard count replaces the group: an error that --allow-conditional does not waive", async () => {
    const { code, out } = await gate(redis("redis-plain-1", { shards: 1, online: false }), redis("redis-plain-2", { shards: 2, online: false }), ["--allow-conditional"]);
    expect(out.findings.map((f) => [f.subject.split("/").pop(), f.severity])).toEqual([["ReplicationGroup", "error"]]);
    expect(out.findings[0]?.message).toContain("would be replaced because NumNodeGroups");
    expect(out.findings[0]?.message).toContain("UseOnlineResharding");
    expect(out.findings[0]?.message).toContain("a snapshot is kept");
    expect(code).toBe(1);
  });

  test("the policy added in the same change as the new count: an error; the policy does not cover ReplicasPerNodeGroup", async () => {
    const added = await gate(redis("redis-added-1", { shards: 1, online: false }), redis("redis-added-2", { shards: 2, online: true }));
    expect(added.out.findings.map((f) => f.severity)).toEqual(["error"]);
    const replicas = await gate(redis("redis-replicas-1", { shards: 1, online: true }), redis("redis-replicas-2", { shards: 2, online: true, replicas: 2 }), ["--allow-conditional"]);
    expect(replicas.out.findings.map((f) => f.severity)).toEqual(["error"]);
    expect(replicas.out.findings[0]?.message).toContain("ReplicasPerNodeGroup");
    expect(replicas.code).toBe(1);
  });
});
