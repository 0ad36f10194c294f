/**
 * Local change-set prediction from two synthesized templates (no AWS): removed logical ids are
 * `Remove`; a changed Type is a replacement; a changed property listed in REPLACEMENT_PROPERTIES
 * is `Replacement: True`; any other property change of an opaque (custom) type is a `Modify`.
 * What CloudFormation alone knows (e.g. replacement caused by a changed Ref target) is not inferred.
 */
import type { InputError } from "../finding.js";
import { REPLACEMENT_PROPERTIES, type ChangeSetFacts, type ResourceChange } from "./changeset.js";

export interface TemplateSide {
  file: string;
  value: unknown;
  lineOf?: (pointer: string) => number | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function resourcesOf(side: TemplateSide, errors: InputError[]): Record<string, Record<string, unknown>> {
  const resources = isRecord(side.value) ? side.value["Resources"] : undefined;
  if (!isRecord(resources)) {
    errors.push({ file: side.file, message: "not a CloudFormation template: no Resources object" });
    return {};
  }
  const out: Record<string, Record<string, unknown>> = {};
  for (const [id, r] of Object.entries(resources)) {
    if (!isRecord(r) || typeof r["Type"] !== "string") {
      const line = side.lineOf?.(`/Resources/${id}`);
      errors.push({ file: side.file, ...(line !== undefined ? { line } : {}), message: `resource ${id} has no Type` });
      continue;
    }
    out[id] = r;
  }
  return out;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function diffTemplates(oldSide: TemplateSide, newSide: TemplateSide, stackName: string): { facts: ChangeSetFacts; errors: InputError[] } {
  const errors: InputError[] = [];
  const before = resourcesOf(oldSide, errors);
  const after = resourcesOf(newSide, errors);
  const deletionPolicies: Record<string, string> = {};
  const updateReplacePolicies: Record<string, string> = {};
  for (const [id, r] of Object.entries(before)) {
    if (typeof r["DeletionPolicy"] === "string") deletionPolicies[id] = r["DeletionPolicy"];
    if (typeof r["UpdateReplacePolicy"] === "string") updateReplacePolicies[id] = r["UpdateReplacePolicy"];
  }
  const evidence = (side: TemplateSide, pointer: string): ResourceChange["evidence"] => {
    const line = side.lineOf?.(pointer);
    return { file: side.file, pointer, ...(line !== undefined ? { line } : {}) };
  };
  const changes: ResourceChange[] = [];
  for (const [id, old] of Object.entries(before)) {
    const type = old["Type"] as string;
    const next = after[id];
    if (!next) {
      changes.push({ logicalId: id, resourceType: type, action: "Remove", details: [], evidence: evidence(oldSide, `/Resources/${id}`) });
      continue;
    }
    if (next["Type"] !== type) {
      changes.push({
        logicalId: id, resourceType: type, action: "Modify", replacement: "True",
        details: [{ attribute: "Type", name: "Type", requiresRecreation: "Always" }],
        evidence: evidence(newSide, `/Resources/${id}/Type`),
      });
      continue;
    }
    const oldProps = isRecord(old["Properties"]) ? old["Properties"] : {};
    const newProps = isRecord(next["Properties"]) ? next["Properties"] : {};
    const changed = [...new Set([...Object.keys(oldProps), ...Object.keys(newProps)])].filter((k) => !same(oldProps[k], newProps[k]));
    if (changed.length === 0) continue;
    const forcing = REPLACEMENT_PROPERTIES[type] ?? [];
    const details = changed.map((name) => ({ attribute: "Properties", name, requiresRecreation: forcing.includes(name) ? "Always" : "Never" }));
    const first = changed.find((n) => forcing.includes(n)) ?? changed[0] ?? "";
    const pointer = `/Resources/${id}/Properties/${first}`;
    changes.push({
      logicalId: id, resourceType: type, action: "Modify",
      replacement: details.some((d) => d.requiresRecreation === "Always") ? "True" : "False",
      details,
      evidence: evidence(newProps[first] === undefined ? oldSide : newSide, newProps[first] === undefined ? `/Resources/${id}` : pointer),
    });
  }
  const facts: ChangeSetFacts = {
    stackName,
    changeSetName: `${oldSide.file} → ${newSide.file}`,
    id: newSide.file,
    tags: {},
    protections: {},
    deletionPolicies,
    updateReplacePolicies,
    changes,
  };
  return { facts, errors };
}
