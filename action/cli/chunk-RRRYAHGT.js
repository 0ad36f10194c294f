import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  readAssemblyManifest
} from "./chunk-LZC4GABI.js";
import {
  evaluateChangeSet
} from "./chunk-QZ7UEGIT.js";
import {
  readParsedFile
} from "./chunk-XTOAPGA6.js";
import "./chunk-AECFORZA.js";
import {
  isRecord
} from "./chunk-ERERLVZB.js";
import {
  countChanges
} from "./chunk-OKNGMZ7G.js";
import {
  DEFAULT_MAX_FILE_BYTES,
  UsageError
} from "./chunk-5HVCDFU6.js";
import "./chunk-VOIQVE24.js";
import "./chunk-UOL4YUVM.js";
import "./chunk-ORPBBT7N.js";
import {
  childPointer
} from "./chunk-IYA5QU4J.js";
import "./chunk-IE2V5DSZ.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";

// src/cli/template-diff.ts
import { stat } from "node:fs/promises";
import path from "node:path";

// src/core/cfn/changeset-template-diff.ts
function resourcesOf(side, errors) {
  const resources = isRecord(side.value) ? side.value["Resources"] : void 0;
  if (!isRecord(resources)) {
    errors.push({ file: side.file, message: "not a CloudFormation template: no Resources object" });
    return {};
  }
  const out = {};
  for (const [id, r] of Object.entries(resources)) {
    if (!isRecord(r) || typeof r["Type"] !== "string") {
      const line = side.lineOf?.(childPointer("/Resources", id));
      errors.push({ file: side.file, ...line !== void 0 ? { line } : {}, message: `resource ${id} has no Type` });
      continue;
    }
    out[id] = r;
  }
  return out;
}
function evidenceAt(side, pointer) {
  const line = side.lineOf?.(pointer);
  return { file: side.file, pointer, ...line !== void 0 ? { line } : {} };
}
var RETAIN = /* @__PURE__ */ new Set(["Retain", "RetainExceptOnCreate"]);
var INERT_TYPES = /* @__PURE__ */ new Set(["AWS::CDK::Metadata"]);
function policies(before, after) {
  const deletionPolicies = {};
  const updateReplacePolicies = {};
  for (const [id, r] of Object.entries(before)) {
    if (typeof r["DeletionPolicy"] === "string") deletionPolicies[id] = r["DeletionPolicy"];
    const old = r["UpdateReplacePolicy"];
    const next = after[id]?.["UpdateReplacePolicy"];
    if (typeof old === "string" && typeof next === "string") updateReplacePolicies[id] = RETAIN.has(old) && !RETAIN.has(next) ? next : old;
    else if (typeof old === "string" && !RETAIN.has(old)) updateReplacePolicies[id] = old;
    else if (typeof next === "string" && !RETAIN.has(next)) updateReplacePolicies[id] = next;
  }
  return { deletionPolicies, updateReplacePolicies };
}
var RECREATION = { WILL_REPLACE: "Always", MAY_REPLACE: "Conditionally" };
function detailOf(change) {
  if (change.attribute === "Condition") {
    return { attribute: "Condition", name: "Condition", requiresRecreation: "Conditionally", impact: "MAY_DESTROY (the resource is deleted when its new condition is false)" };
  }
  const impact = change.impact ?? "UNKNOWN";
  return {
    attribute: change.attribute,
    name: change.name,
    requiresRecreation: change.impact === void 0 ? "Unknown" : RECREATION[change.impact] ?? "Never",
    impact,
    ...change.causedBy?.length ? { causingEntity: change.causedBy.join(", ") } : {}
  };
}
function replacementOf(details) {
  if (details.some((d) => d.requiresRecreation === "Always")) return "True";
  if (details.some((d) => d.requiresRecreation === "Conditionally")) return "Conditional";
  if (details.some((d) => d.requiresRecreation === "Unknown")) return "Unknown";
  return "False";
}
function removedStackFacts(pair, side, errors) {
  const before = resourcesOf(side, errors);
  const { deletionPolicies } = policies(before, {});
  const changes = Object.entries(before).filter(([, r]) => !INERT_TYPES.has(r["Type"])).map(([id, r]) => {
    const change = { logicalId: id, resourceType: r["Type"], action: "Remove", details: [], evidence: evidenceAt(side, childPointer("/Resources", id)) };
    const nested = pair.nested?.[id];
    const nestedFacts = nested?.base ? removedStackFacts(nested, nested.base, errors) : void 0;
    if (nestedFacts) change.nested = nestedFacts;
    return change;
  });
  return { ...stackFields(pair, side), deletionPolicies, updateReplacePolicies: {}, changes, removed: true, stackEvidence: evidenceAt(side, "/Resources"), ...pair.removedBecause ? { removedBecause: pair.removedBecause } : {} };
}
function stackFields(pair, side) {
  return {
    stackName: pair.stackName,
    changeSetName: `${pair.base?.file ?? "(none)"} \u2192 ${pair.head?.file ?? "(removed)"}`,
    id: side.file,
    tags: pair.tags,
    ...pair.account !== void 0 ? { account: pair.account } : {},
    protections: pair.terminationProtection === void 0 ? {} : { terminationProtection: pair.terminationProtection }
  };
}
function diffStackPair(pair) {
  const errors = [];
  const { base, head } = pair;
  if (!base) return { errors };
  if (!head) return { facts: removedStackFacts(pair, base, errors), errors };
  const before = resourcesOf(base, errors);
  const after = resourcesOf(head, errors);
  if (errors.some((e) => e.message.startsWith("not a CloudFormation template"))) return { errors };
  if (!pair.impacts) {
    errors.push({ file: head.file, message: `change impact of ${base.file} \u2192 ${head.file} was not computed` });
    return { errors };
  }
  const addedByType = /* @__PURE__ */ new Map();
  for (const r of pair.impacts) {
    if (r.impact === "WILL_CREATE" && r.newType) addedByType.set(r.newType, [...addedByType.get(r.newType) ?? [], r.logicalId]);
  }
  const changes = [];
  for (const r of pair.impacts) {
    const id = r.logicalId;
    const resourcePointer = childPointer("/Resources", id);
    if (r.impact === "WILL_CREATE" || r.impact === "WILL_IMPORT") continue;
    if (INERT_TYPES.has(r.oldType ?? "") && (r.newType === void 0 || r.newType === r.oldType)) continue;
    if (r.impact === "WILL_DESTROY" || r.impact === "WILL_ORPHAN" || r.oldType !== void 0 && r.newType === void 0) {
      const type2 = r.oldType ?? before[id]?.["Type"] ?? "unknown";
      const renamed = addedByType.get(type2);
      changes.push({ logicalId: id, resourceType: type2, action: "Remove", details: [], evidence: evidenceAt(base, resourcePointer), ...renamed ? { addedSameType: renamed } : {} });
      continue;
    }
    const type = r.oldType ?? r.newType ?? "unknown";
    if (r.oldType !== r.newType) {
      changes.push({
        logicalId: id,
        resourceType: type,
        action: "Modify",
        replacement: "True",
        details: [{ attribute: "Type", name: "Type", requiresRecreation: "Always", impact: "WILL_REPLACE", causingEntity: `Type ${r.oldType ?? "?"} \u2192 ${r.newType ?? "?"}` }],
        evidence: evidenceAt(head, childPointer(resourcePointer, "Type"))
      });
      continue;
    }
    const details = r.changes.map(detailOf);
    if (details.length === 0) continue;
    const replacement = replacementOf(details);
    const rank = (d) => ["Always", "Conditionally", "Unknown"].indexOf(d.requiresRecreation ?? "") >>> 0;
    const first = [...details].sort((a, b) => rank(a) - rank(b))[0];
    const headProps = isRecord(after[id]?.["Properties"]) ? after[id]["Properties"] : {};
    const pointer = first?.attribute === "Properties" && first.name !== void 0 ? headProps[first.name] !== void 0 ? childPointer(resourcePointer, "Properties", first.name) : resourcePointer : first?.attribute !== void 0 && after[id]?.[first.attribute] !== void 0 ? childPointer(resourcePointer, first.attribute) : resourcePointer;
    changes.push({ logicalId: id, resourceType: type, action: "Modify", replacement, details, evidence: evidenceAt(head, pointer) });
  }
  for (const [id, nested] of Object.entries(pair.nested ?? {})) {
    const inner = diffStackPair(nested);
    errors.push(...inner.errors);
    if (!inner.facts) continue;
    let holder = changes.find((c) => c.logicalId === id);
    if (!holder) {
      if (inner.facts.changes.length === 0) continue;
      holder = { logicalId: id, resourceType: "AWS::CloudFormation::Stack", action: "Modify", replacement: "False", details: [], evidence: evidenceAt(head, childPointer("/Resources", id)) };
      changes.push(holder);
    }
    holder.nested = inner.facts;
  }
  const { deletionPolicies, updateReplacePolicies } = policies(before, after);
  return { facts: { ...stackFields(pair, head), deletionPolicies, updateReplacePolicies, changes }, errors };
}

// src/cli/template-diff.ts
async function readSide(file, errors) {
  const parsed = await readParsedFile(file, DEFAULT_MAX_FILE_BYTES, true);
  if (!("value" in parsed)) {
    errors.push({ ...parsed, message: `cannot read template: ${parsed.message}` });
    return void 0;
  }
  return { file, value: parsed.value, lineOf: parsed.lineOf };
}
function stringsIn(value, out = []) {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (isRecord(value)) for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}
function nestedTemplateFile(resource, dir, assets) {
  const asset = isRecord(resource["Metadata"]) ? resource["Metadata"]["aws:asset:path"] : void 0;
  if (typeof asset === "string") return path.join(dir, asset);
  const url = isRecord(resource["Properties"]) ? resource["Properties"]["TemplateURL"] : void 0;
  for (const text of stringsIn(url)) {
    const file = assets.get(text.slice(text.lastIndexOf("/") + 1));
    if (file) return file;
  }
  return void 0;
}
async function readNested(side, key, assets, errors, depth) {
  const nested = {};
  const resources = isRecord(side.value) && isRecord(side.value["Resources"]) ? side.value["Resources"] : {};
  for (const [id, r] of Object.entries(resources)) {
    if (!isRecord(r) || r["Type"] !== "AWS::CloudFormation::Stack") continue;
    nested[id] = null;
    const file = nestedTemplateFile(r, path.dirname(side.file), assets);
    if (!file) continue;
    if (depth >= 10) {
      errors.push({ file: side.file, message: `nested stack ${id} deeper than 10 levels not read` });
      continue;
    }
    const inner = await readSide(file, errors);
    if (!inner) continue;
    nested[id] = { key: `${key}/${id}`, stackName: "", tags: {}, side: inner, nested: await readNested(inner, `${key}/${id}`, assets, errors, depth + 1) };
  }
  return nested;
}
async function readAssetFiles(manifest, dir, errors) {
  const files = /* @__PURE__ */ new Map();
  const artifacts = isRecord(manifest) && isRecord(manifest["artifacts"]) ? manifest["artifacts"] : {};
  for (const artifact of Object.values(artifacts)) {
    if (!isRecord(artifact) || artifact["type"] !== "cdk:asset-manifest") continue;
    const file = isRecord(artifact["properties"]) ? artifact["properties"]["file"] : void 0;
    if (typeof file !== "string") continue;
    const parsed = await readParsedFile(path.join(dir, file), DEFAULT_MAX_FILE_BYTES, true);
    if (!("value" in parsed)) {
      errors.push(parsed);
      continue;
    }
    const entries = isRecord(parsed.value) && isRecord(parsed.value["files"]) ? parsed.value["files"] : {};
    for (const entry of Object.values(entries)) {
      if (!isRecord(entry) || !isRecord(entry["source"]) || typeof entry["source"]["path"] !== "string") continue;
      const local = path.join(dir, entry["source"]["path"]);
      for (const destination of Object.values(isRecord(entry["destinations"]) ? entry["destinations"] : {})) {
        if (isRecord(destination) && typeof destination["objectKey"] === "string") files.set(destination["objectKey"], local);
      }
    }
  }
  return files;
}
async function readAssemblyStacks(root, dir, errors, out, seen) {
  const resolved = path.resolve(dir);
  if (seen.has(resolved)) return;
  seen.add(resolved);
  const manifest = await readParsedFile(path.join(dir, "manifest.json"), DEFAULT_MAX_FILE_BYTES, true);
  if (!("value" in manifest)) {
    errors.push({ ...manifest, message: `not a readable cloud assembly (cdk.out): ${manifest.message}` });
    return;
  }
  const read = readAssemblyManifest(manifest.value, dir);
  errors.push(...read.errors);
  const assets = await readAssetFiles(manifest.value, dir, errors);
  const prefix = path.relative(root, dir).split(path.sep).join("/");
  for (const stack of read.stacks) {
    const key = prefix ? `${prefix}/${stack.artifactId}` : stack.artifactId;
    const side = await readSide(stack.templateFile, errors);
    if (!side) {
      out.set(key, void 0);
      continue;
    }
    out.set(key, {
      key,
      stackName: stack.stackName,
      tags: stack.tags,
      ...stack.account !== void 0 ? { account: stack.account } : {},
      terminationProtection: stack.terminationProtection,
      side,
      nested: await readNested(side, key, assets, errors, 1)
    });
  }
  for (const nested of read.nestedAssemblies) await readAssemblyStacks(root, nested, errors, out, seen);
}
function pairOf(adapter, base, head, parent, changedParameters = []) {
  const named = head ?? base;
  if (!named) throw new Error("pairOf needs a base or a head");
  const logicalId = named.key.split("/").pop() ?? named.key;
  const stack = parent ? { stackName: `${parent.stackName}/${logicalId}`, tags: parent.tags, ...parent.account !== void 0 ? { account: parent.account } : {} } : { stackName: named.stackName, tags: named.tags, ...named.account !== void 0 ? { account: named.account } : {}, ...named.terminationProtection !== void 0 ? { terminationProtection: named.terminationProtection } : {} };
  const impacts = base && head ? adapter.templateImpacts(base.side.value, head.side.value, { changedParameters }) : void 0;
  const nested = {};
  for (const id of /* @__PURE__ */ new Set([...Object.keys(base?.nested ?? {}), ...Object.keys(head?.nested ?? {})])) {
    const [before, after] = [base?.nested[id], head?.nested[id]];
    if (before === null || after === null) continue;
    nested[id] = pairOf(adapter, before, after, stack, impacts?.nestedParameters[id] ?? []);
  }
  return {
    id: named.key,
    ...stack,
    ...base ? { base: base.side } : {},
    ...head ? { head: head.side } : {},
    ...impacts ? { impacts: impacts.resources } : {},
    nested
  };
}
async function kindOf(target, errors) {
  try {
    return (await stat(target)).isDirectory() ? "directory" : "file";
  } catch (error) {
    const code = error.code;
    errors.push({ file: target, message: `cannot read template or cloud assembly: ${code === "ENOENT" ? "no such file or directory" : code ?? String(error)}` });
    return void 0;
  }
}
async function runTemplateDiff(basePath, headPath, policy, options) {
  const errors = [];
  const [baseKind, headKind] = [await kindOf(basePath, errors), await kindOf(headPath, errors)];
  if (!baseKind || !headKind) return { findings: [], errors, inputs: 0 };
  if (baseKind !== headKind) throw new UsageError(`compare two template files or two cloud assembly directories: ${basePath} is a ${baseKind}, ${headPath} a ${headKind}`);
  const base = /* @__PURE__ */ new Map();
  const head = /* @__PURE__ */ new Map();
  if (baseKind === "directory") {
    if (options.stackName) throw new UsageError("--stack-name applies to two template files; an assembly names its stacks");
    await readAssemblyStacks(basePath, basePath, errors, base, /* @__PURE__ */ new Set());
    await readAssemblyStacks(headPath, headPath, errors, head, /* @__PURE__ */ new Set());
    if (base.size === 0 && head.size === 0 && errors.length === 0) errors.push({ file: path.join(headPath, "manifest.json"), message: "neither cloud assembly lists a stack" });
  } else {
    const stackName = options.stackName ?? path.basename(headPath).replace(/\.template\.(json|ya?ml)$|\.(json|ya?ml|template)$/i, "");
    for (const [file, into] of [[basePath, base], [headPath, head]]) {
      const side = await readSide(file, errors);
      if (side) into.set(stackName, { key: stackName, stackName, tags: {}, side, nested: await readNested(side, stackName, /* @__PURE__ */ new Map(), errors, 1) });
    }
    if (base.size !== 1 || head.size !== 1) return { findings: [], errors, inputs: 0 };
  }
  const adapter = await import("./chunk-LN57TALP.js");
  const findings = [];
  let compared = 0;
  let changed = 0;
  const removed = [];
  for (const key of [.../* @__PURE__ */ new Set([...base.keys(), ...head.keys()])].sort()) {
    if (base.has(key) && !base.get(key) || head.has(key) && !head.get(key)) continue;
    const [before, after] = [base.get(key), head.get(key)];
    const renamed = before && after && before.stackName !== after.stackName;
    const pair = renamed ? { ...pairOf(adapter, before, void 0, void 0), removedBecause: `is renamed to ${after.stackName} in the head: CloudFormation creates that as a new stack (new, empty resources, or a failed deploy where physical names collide)` } : pairOf(adapter, before, after, void 0);
    if (pair.base && !pair.head) removed.push(pair.stackName);
    compared++;
    const diff = diffStackPair(pair);
    errors.push(...diff.errors);
    if (!diff.facts) continue;
    changed += countChanges(diff.facts);
    findings.push(...evaluateChangeSet(diff.facts, policy, { allowConditional: options.allowConditional }));
  }
  const notes = [
    `template diff ${basePath} \u2192 ${headPath}: ${compared} stack(s) paired by artifact id, ${changed} resource change(s)${removed.length ? `, ${removed.length} stack(s) removed (${removed.join(", ")})` : ""}; change impact from ${adapter.IMPACT_SOURCE}`
  ];
  return { findings, errors, inputs: compared, notes };
}
export {
  runTemplateDiff
};
