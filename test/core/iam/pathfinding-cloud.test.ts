/**
 * Every AWS path of pathfinding.cloud (test/fixtures/pathfinding-cloud: extracts of
 * DataDog/pathfinding.cloud data/paths/aws, README there), against the verdict decided from
 * reading it (verdicts.yaml) before the engine ran. An agent role holding exactly the path's
 * required permissions on "*" must be flagged, each finding naming only actions of the path; the
 * same actions on a resource they cannot act on must not be; a path with iam:PassRole must still
 * be flagged with PassRole limited (iam:PassedToService) to the service AWS sets for its requests,
 * and only where the rest is a path by itself when PassRole may go to an unrelated service; scoped
 * to the one resource its own recommendation names, it is still flagged (scopedTo).
 * A new snapshot dropped into paths/ shows each path with no decided verdict as a failure.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { allow, flaggedPaths, type Statement } from "./helpers.js";

const ROOT = new URL("../../fixtures/pathfinding-cloud/", import.meta.url);
const UNRELATED = "arn:aws:sns:us-east-1:111111111111:unrelated-topic";
const PASS_ROLE = "iam:PassRole";

interface CataloguePath {
  id: string;
  file: string;
  required: string[];
}

interface Verdict {
  escalates: boolean;
  reason: string;
  passedToService?: string[];
  otherService?: boolean;
  scopedTo?: { actions: string[]; resource: string; escalates: boolean };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(path);
    return e.name.endsWith(".yaml") || e.name.endsWith(".yml") ? [path] : [];
  });
}

/** A pathfinding.cloud path file (full or extract): its id and required permissions. */
function readPath(file: string): CataloguePath {
  const doc = parse(readFileSync(file, "utf8")) as { id?: unknown; permissions?: { required?: { permission?: unknown }[] } };
  const required = (doc.permissions?.required ?? []).map((p) => p.permission);
  if (typeof doc.id !== "string" || required.length === 0 || !required.every((p): p is string => typeof p === "string")) {
    throw new Error(`${file}: expected an id and permissions.required[].permission`);
  }
  return { id: doc.id, file, required };
}

const catalogue = yamlFiles(new URL("paths/", ROOT).pathname).map(readPath).sort((a, b) => a.id.localeCompare(b.id));
const verdicts = (parse(readFileSync(new URL("verdicts.yaml", ROOT), "utf8")) as { paths: Record<string, Verdict> }).paths;

const passRoleTo = (service: string): Statement => allow(PASS_ROLE, "*", { Condition: { StringEquals: { "iam:PassedToService": service } } });

describe("pathfinding.cloud fixture", () => {
  it("has every path of the snapshot, each with a decided verdict and no verdict without a path", () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(86);
    expect(catalogue.filter((p) => !verdicts[p.id]).map((p) => `${p.id} (${p.file}): decide its verdict in verdicts.yaml`)).toEqual([]);
    const ids = new Set(catalogue.map((p) => p.id));
    expect(Object.keys(verdicts).filter((id) => !ids.has(id))).toEqual([]);
  });

  it("decides the iam:PassRole variants exactly for the paths that pass a role", () => {
    const wrong = catalogue.filter((p) => {
      const v = verdicts[p.id];
      const passes = p.required.includes(PASS_ROLE);
      return !v || passes !== (v.passedToService !== undefined) || passes !== (v.otherService !== undefined);
    });
    expect(wrong.map((p) => p.id)).toEqual([]);
  });
});

describe.each(catalogue.map((p) => [p.id, p] as const))("pathfinding.cloud %s", (id, path) => {
  const verdict = verdicts[id];
  if (!verdict) return; // reported above

  it(`its required permissions on * ${verdict.escalates ? "escalate, naming only its actions" : "do not escalate"} (${verdict.reason})`, () => {
    const { ids, actions } = flaggedPaths([allow(path.required)]);
    if (!verdict.escalates) {
      expect(ids).toEqual([]);
      return;
    }
    expect(ids.length).toBeGreaterThan(0);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => !path.required.includes(a))).toEqual([]);
  });

  it("on a resource its actions cannot act on it does not escalate", () => {
    expect(flaggedPaths([allow(path.required, UNRELATED)]).ids).toEqual([]);
  });

  const others = path.required.filter((a) => a !== PASS_ROLE);
  for (const service of verdict.passedToService ?? []) {
    it(`with iam:PassRole only to ${service} it ${verdict.escalates ? "escalates" : "does not escalate"}`, () => {
      expect(flaggedPaths([passRoleTo(service), allow(others)]).ids.length > 0).toBe(verdict.escalates);
    });
  }
  const scoped = verdict.scopedTo;
  if (scoped) {
    it(`with ${scoped.actions.join(", ")} on ${scoped.resource} (its recommendation's scope) it ${scoped.escalates ? "still escalates" : "does not escalate"}`, () => {
      const rest = path.required.filter((a) => !scoped.actions.includes(a));
      const statements = [allow(scoped.actions, scoped.resource), ...(rest.length ? [allow(rest)] : [])];
      expect(flaggedPaths(statements).ids.length > 0).toBe(scoped.escalates);
    });
  }
  if (verdict.otherService !== undefined) {
    it(`with iam:PassRole only to an unrelated service it ${verdict.otherService ? "still escalates (the rest is a path)" : "does not escalate"}`, () => {
      expect(flaggedPaths([passRoleTo("sns.amazonaws.com"), allow(others)]).ids.length > 0).toBe(verdict.otherService);
    });
  }
});
