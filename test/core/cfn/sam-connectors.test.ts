/**
 * SAM connectors written in as the SAM transform writes them (src/core/cfn/sam-connectors.ts),
 * compared with SAM's own: each connector test template of aws/serverless-application-model and
 * the managed policies SAM's expected output holds for it (test/fixtures/cfn/sam-connectors,
 * Apache-2.0). A template SAM refuses keeps every connector it refuses as written, so the
 * transform check still reports each one.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { withSamFunctionRoles } from "../../../src/core/cfn/sam-roles.js";
import { parseSource } from "../../../src/core/source/parse.js";

const dir = path.join(process.cwd(), "test/fixtures/cfn/sam-connectors");
type Expected = { policies: Record<string, { PolicyDocument: unknown; Roles: unknown }> } | { refused: string };
const expected = JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")) as Record<string, Expected>;
const cases = readdirSync(path.join(dir, "input"))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.replace(/\.yaml$/, ""))
  .sort();

type Resources = Record<string, { Type?: string; Properties?: Record<string, unknown>; Connectors?: Record<string, unknown> }>;

/** The template with connectors written in; SAM's test runner reads each input as a SAM template. */
function written(name: string): { before: Resources; after: Resources } {
  const parsed = parseSource(readFileSync(path.join(dir, "input", `${name}.yaml`), "utf8"));
  const value: Record<string, unknown> = { ...(parsed.value as Record<string, unknown>), Transform: "AWS::Serverless-2016-10-31" };
  const after = withSamFunctionRoles({ file: `${name}.yaml`, value, lineOf: parsed.lineOf }).value as Record<string, unknown>;
  return { before: value["Resources"] as Resources, after: after["Resources"] as Resources };
}

/** Action lists compared as sets: SAM's recorded outputs keep an older order of a few lists. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (key, v: unknown) =>
    Array.isArray(v) && key === "Action" ? [...(v as string[])].sort() : v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

const connectorsLeft = (resources: Resources): string[] =>
  Object.entries(resources).flatMap(([id, r]) => [...(r.Type === "AWS::Serverless::Connector" ? [id] : []), ...Object.keys(r.Connectors ?? {}).map((name) => `${id}.${name}`)]);

describe("connectors as SAM writes them", () => {
  it("covers SAM's connector tests: the fixtures hold them all", () => {
    expect(cases.length).toBe(51);
    expect(Object.keys(expected).sort()).toEqual(cases);
  });

  for (const name of cases) {
    const want = expected[name] as Expected;
    if ("refused" in want) {
      it(`${name}: SAM refuses it, and every connector is left as written`, () => {
        const { before, after } = written(name);
        expect(connectorsLeft(after)).toEqual(connectorsLeft(before));
        expect(Object.keys(after).filter((id) => !(id in before) && after[id]?.Type === "AWS::IAM::ManagedPolicy")).toEqual([]);
      });
      continue;
    }
    it(`${name}: the same managed policies on the same roles, and no connector left`, () => {
      const { before, after } = written(name);
      const made = Object.fromEntries(
        Object.entries(after)
          .filter(([id, r]) => !(id in before) && r.Type === "AWS::IAM::ManagedPolicy")
          .map(([id, r]) => [id, { PolicyDocument: r.Properties?.["PolicyDocument"], Roles: r.Properties?.["Roles"] }]),
      );
      expect(canonical(made)).toEqual(canonical(want.policies));
      expect(connectorsLeft(after)).toEqual([]);
    });
  }
});
