/**
 * readAssemblyManifest on manifests shaped like the ones `cdk synth` writes (schema 36+): the
 * stacks with their environment, tags and protection, nested stage assemblies, and an input error
 * naming manifest.json for each artifact it cannot use (never a stack silently left out).
 */
import path from "node:path";
import { fileAssetsOf, logicalIdsOf, readAssemblyManifest } from "../../../src/core/cfn/assembly.js";

const dir = path.join("/work", "cdk.out");
const manifestFile = path.join(dir, "manifest.json");

const stack = (extra: Record<string, unknown> = {}, properties: Record<string, unknown> = {}) => ({
  type: "aws:cloudformation:stack",
  environment: "aws://111111111111/eu-west-1",
  properties: { templateFile: "OrdersProd.template.json", validateOnSynth: false, ...properties },
  displayName: "OrdersProd",
  ...extra,
});

describe("readAssemblyManifest", () => {
  it("reads each stack: template beside the manifest, name, tags (strings only), environment, protection only when true, stage path", () => {
    const manifest = {
      version: "38.0.1",
      artifacts: {
        Tree: { type: "cdk:tree", properties: { file: "tree.json" } },
        OrdersProd: stack({}, { stackName: "orders-prod", tags: { env: "prod", cost: 7 }, terminationProtection: true }),
        Agnostic: stack({ environment: "aws://unknown-account/unknown-region", displayName: undefined }),
        Staging: stack({ environment: "aws://222222222222/unknown-region" }, { terminationProtection: "yes" }),
      },
    };
    const { stacks, nestedAssemblies, errors } = readAssemblyManifest(manifest, dir);
    expect(errors).toEqual([]);
    expect(nestedAssemblies).toEqual([]);
    expect(stacks).toEqual([
      { artifactId: "OrdersProd", stackName: "orders-prod", templateFile: path.join(dir, "OrdersProd.template.json"), tags: { env: "prod" }, account: "111111111111", region: "eu-west-1", terminationProtection: true, stagePath: "OrdersProd", logicalIds: [] },
      { artifactId: "Agnostic", stackName: "Agnostic", templateFile: path.join(dir, "OrdersProd.template.json"), tags: {}, terminationProtection: false, logicalIds: [] },
      { artifactId: "Staging", stackName: "Staging", templateFile: path.join(dir, "OrdersProd.template.json"), tags: {}, account: "222222222222", terminationProtection: false, stagePath: "OrdersProd", logicalIds: [] },
    ]);
  });

  it("nested stage assemblies are returned by directory", () => {
    const manifest = { version: "38.0.1", artifacts: { "assembly-Prod": { type: "cdk:cloud-assembly", properties: { directoryName: "assembly-Prod", displayName: "Prod" } } } };
    expect(readAssemblyManifest(manifest, dir)).toEqual({ stacks: [], nestedAssemblies: [path.join(dir, "assembly-Prod")], errors: [] });
  });

  it("an artifact it cannot use is an input error naming manifest.json, and the other stacks are still read", () => {
    const manifest = {
      version: "38.0.1",
      artifacts: {
        Broken: stack({}, { templateFile: undefined }),
        "assembly-Lost": { type: "cdk:cloud-assembly", properties: {} },
        Mangled: "aws:cloudformation:stack",
        OrdersProd: stack(),
      },
    };
    const { stacks, nestedAssemblies, errors } = readAssemblyManifest(manifest, dir);
    expect(errors).toEqual([
      { file: manifestFile, message: "stack Broken has no templateFile" },
      { file: manifestFile, message: "nested assembly assembly-Lost has no directoryName" },
      { file: manifestFile, message: "artifact Mangled is not an object" },
    ]);
    expect(nestedAssemblies).toEqual([]);
    expect(stacks.map((s) => s.artifactId)).toEqual(["OrdersProd"]);
  });

  it.each<[string, unknown]>([
    ["no environment", undefined],
    ["an environment that is not text", ["aws://111111111111/eu-west-1"]],
    ["another scheme around it", "https://aws://111111111111/eu-west-1"],
    ["a second line", "aws://111111111111/eu-west-1\nus-east-1"],
    ["an account of 13 digits", "aws://1111111111112/eu-west-1"],
    ["an account with a letter", "aws://x11111111111/unknown-region"],
  ])("a stack with %s has no account (production unless something says otherwise)", (_, environment) => {
    const { stacks, errors } = readAssemblyManifest({ version: "38.0.1", artifacts: { OrdersProd: stack({ environment }) } }, dir);
    expect(errors).toEqual([]);
    expect(stacks[0]?.account).toBeUndefined();
  });

  it("a stack artifact without properties is an input error", () => {
    const { stacks, errors } = readAssemblyManifest({ version: "38.0.1", artifacts: { OrdersProd: { type: "aws:cloudformation:stack", environment: "aws://111111111111/eu-west-1" } } }, dir);
    expect(stacks).toEqual([]);
    expect(errors).toEqual([{ file: manifestFile, message: "stack OrdersProd has no templateFile" }]);
  });

  it.each([null, [], "manifest", { version: "38.0.1" }, { artifacts: [] }])("%j is not a manifest: one input error, no stacks", (manifest) => {
    expect(readAssemblyManifest(manifest, dir)).toEqual({ stacks: [], nestedAssemblies: [], errors: [{ file: manifestFile, message: "not a cloud assembly manifest: no artifacts" }] });
  });
});

describe("logicalIdsOf", () => {
  it("reads the aws:cdk:logicalId entries of an artifact's metadata, by construct path (no leading slash); nothing else", () => {
    expect(
      logicalIdsOf({
        "/Prod/Orders/Resource": [{ type: "aws:cdk:logicalId", data: "OrdersD925BC7E" }, { type: "aws:cdk:warning", data: "x" }],
        "/Prod": [{ type: "aws:cdk:templateFile", data: "Prod.template.json" }],
        "/Prod/Bad": "not a list",
      }),
    ).toEqual([["Prod/Orders/Resource", "OrdersD925BC7E"]]);
    expect(logicalIdsOf(undefined)).toEqual([]);
  });
});

describe("fileAssetsOf", () => {
  // The entry CDK v1's synthesizer (LegacyStackSynthesizer) writes for a nested stack's template.
  const asset = (data: Record<string, unknown>) => ({ type: "aws:cdk:asset", data });
  const hash = "1a904971a9aea657c8652dcbe32838d3dd286415407b69d8ca407548aa6d344e";
  it("reads the file assets of an artifact's metadata, by source hash and id; not images, other entries or malformed ones", () => {
    expect(
      fileAssetsOf({
        "/Orders": [
          asset({ path: "OrdersData0692E911.nested.template.json", id: hash, packaging: "file", sourceHash: hash, s3BucketParameter: `AssetParameters${hash}S3Bucket8DD1274E` }),
          asset({ path: "asset.abc", id: "img", packaging: "container-image", sourceHash: "img" }),
          asset({ id: "nopath", packaging: "file", sourceHash: "nopath" }),
          { type: "aws:cdk:logicalId", data: "OrdersD925BC7E" },
        ],
        "/Orders/Bad": "not a list",
      }),
    ).toEqual([
      [hash, "OrdersData0692E911.nested.template.json"],
      [hash, "OrdersData0692E911.nested.template.json"],
    ]);
    expect(fileAssetsOf(undefined)).toEqual([]);
  });

  it("readAssemblyManifest keeps a stack's inline file assets (a CDK v1 manifest), and writes none when there are none", () => {
    const read = readAssemblyManifest({ artifacts: { Orders: stack({ metadata: { "/Orders": [asset({ path: "n.nested.template.json", packaging: "file", sourceHash: hash })] } }) } }, dir);
    expect(read.stacks[0]?.fileAssets).toEqual([[hash, "n.nested.template.json"]]);
    expect(readAssemblyManifest({ artifacts: { Orders: stack() } }, dir).stacks[0]).not.toHaveProperty("fileAssets");
  });
});
