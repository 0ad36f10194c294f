/**
 * SAM's `Globals` section, applied as the transform applies it. `Globals.Function` (and `Api`,
 * `HttpApi`, `SimpleTable`, `StateMachine`, `LayerVersion`, ...) gives every `AWS::Serverless::<Section>`
 * resource the properties it does not set itself (AWS SAM Developer Guide, "Globals section of the
 * AWS SAM template"; samtranslator plugins/globals: a resource's primitive or intrinsic function
 * overrides the global one, maps are merged key by key, lists are joined, the global items first).
 * A pull request that changes only Globals changes what CloudFormation deploys for every such
 * resource while none of their text changes, so the template diff reads the resources with their
 * globals applied. Pure.
 */
import { intrinsicKey } from "./intrinsics.js";
import { declaresTransform, SAM_TRANSFORM } from "./transforms.js";
import { isRecord } from "../is-record.js";
import { childPointer } from "../source/pointer.js";

const SAM_PREFIX = "AWS::Serverless::";

/** SAM's merge of a global value into a resource's own (samtranslator `GlobalProperties`). */
function merged(global: unknown, own: unknown): unknown {
  if (own === undefined) return global;
  // A map that is an intrinsic function is one value, as a string is: the resource's wins.
  const map = (v: unknown): v is Record<string, unknown> => isRecord(v) && intrinsicKey(v) === undefined;
  if (Array.isArray(global) && Array.isArray(own)) return [...(global as unknown[]), ...(own as unknown[])];
  if (map(global) && map(own)) {
    const out: Record<string, unknown> = { ...global };
    for (const [key, value] of Object.entries(own)) out[key] = merged(global[key], value);
    return out;
  }
  return own;
}

/**
 * The template with each SAM resource's properties as the transform gives them with `Globals`
 * applied, and no `Globals` section; the template itself when it declares no SAM transform or has
 * no Globals. A section or resource that is not a map is left as written.
 */
export function withSamGlobals(template: unknown): unknown {
  if (!isRecord(template) || !isRecord(template["Globals"]) || !isRecord(template["Resources"]) || !declaresTransform(template, SAM_TRANSFORM)) return template;
  const globals = template["Globals"];
  const resources: Record<string, unknown> = {};
  for (const [id, resource] of Object.entries(template["Resources"])) {
    const type = isRecord(resource) ? resource["Type"] : undefined;
    const section = typeof type === "string" && type.startsWith(SAM_PREFIX) ? globals[type.slice(SAM_PREFIX.length)] : undefined;
    if (!isRecord(resource) || !isRecord(section) || intrinsicKey(section) !== undefined) {
      resources[id] = resource;
      continue;
    }
    const own = resource["Properties"] ?? {};
    resources[id] = isRecord(own) && intrinsicKey(own) === undefined ? { ...resource, Properties: merged(section, own) } : resource;
  }
  const { Globals: _globals, ...rest } = template;
  return { ...rest, Resources: resources };
}

/** Where the head's Globals give a SAM resource of `type` the property `name` (`/Globals/Function/Runtime`), if they do. */
export function samGlobalPointer(template: unknown, type: string, name: string): string | undefined {
  if (!type.startsWith(SAM_PREFIX) || !isRecord(template) || !isRecord(template["Globals"])) return undefined;
  const section = type.slice(SAM_PREFIX.length);
  const values = template["Globals"][section];
  return isRecord(values) && values[name] !== undefined ? childPointer("/Globals", section, name) : undefined;
}
