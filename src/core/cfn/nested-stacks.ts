/**
 * Templates with their nested stacks (AWS::CloudFormation::Stack, SAM's
 * AWS::Serverless::Application), for the command line and the GitHub App alike. A nested
 * template written as a local path, as `aws cloudformation package` and `sam` read it, is read
 * beside its parent and evaluated as that nested stack, in its parent's scope, once (not again on
 * its own when it was given too). Any other (an S3 or HTTPS URL, a Serverless Application
 * Repository app, an intrinsic) cannot be read: an input error at the resource, since its
 * resources would go unjudged (fail closed).
 *
 * Where files are and who may read them is the adapter's (`NestedTemplateSource`): the command
 * line reads the file system within the scanned paths, the App the repository at one commit.
 */
import { inputErrorAt, type InputError } from "../finding.js";
import { isRecord } from "../is-record.js";
import type { LineOf } from "../source/source.js";
import { locationText, nestedStackInput, nestedStackLocations, type TemplateInput } from "./template.js";

export type NestedTemplateRead = { file: string; value: unknown; lineOf?: LineOf } | { file: string; message: string; line?: number };

export interface NestedTemplateSource {
  /** The key a template file is known by (to find a nested one among those given, and cycles). */
  key(file: string): string;
  /** The key of the file a local location written in `parentFile` names. */
  nestedKey(parentFile: string, location: string): string;
  /** Why that file may not be read (outside what the run was asked to read), or undefined. */
  refusal(key: string, location: string): Promise<string | undefined>;
  /** Reads and parses it; a message (with the line of a parse error) when it cannot be. */
  read(parentFile: string, location: string): Promise<NestedTemplateRead>;
  /** What to do instead, said after a location that is not read here. */
  advice(property: "TemplateURL" | "Location"): string;
}

/** A URL (`s3://`, `https://`): not a file beside the template. */
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Where a nested stack's template is, as far as the parent says: its local path, or nothing.
 * A CDK parent writes an intrinsic URL of its asset and names the file in `aws:asset:path`; a
 * literal TemplateURL is what CloudFormation deploys, so metadata never overrides it.
 */
export function localLocation(parent: { value: unknown }, resourceId: string, location: unknown): string | undefined {
  if (typeof location === "string") return location !== "" && !URL_SCHEME.test(location) ? location : undefined;
  if (!isRecord(location)) return undefined;
  const resources = isRecord(parent.value) ? parent.value["Resources"] : undefined;
  const resource = isRecord(resources) ? resources[resourceId] : undefined;
  const metadata = isRecord(resource) ? resource["Metadata"] : undefined;
  const assetPath = isRecord(metadata) ? metadata["aws:asset:path"] : undefined;
  // CDK's URL names the asset by its 64-hex source hash; a hand-written intrinsic is not CDK's asset.
  return typeof assetPath === "string" && assetPath !== "" && !URL_SCHEME.test(assetPath) && /[0-9a-f]{64}\.json/.test(JSON.stringify(location)) ? assetPath : undefined;
}

export interface NestedStacksResult {
  /** The templates given, each followed by its nested stacks (and theirs). */
  templates: TemplateInput[];
  /** Nested templates read that were not among those given. */
  read: number;
}

export async function withNestedStacks(templates: readonly TemplateInput[], source: NestedTemplateSource, errors: InputError[]): Promise<NestedStacksResult> {
  const given = new Map(templates.map((t) => [source.key(t.file), t]));
  const locationsOf = (t: TemplateInput) => nestedStackLocations(t.value).map((n) => ({ ...n, local: localLocation(t, n.resourceId, n.location) }));
  const nestedInSome = new Set(templates.flatMap((t) => locationsOf(t).flatMap((n) => (n.local === undefined ? [] : [source.nestedKey(t.file, n.local)]))));
  const emitted = new Set<string>();
  let read = 0;
  const expand = async (parent: TemplateInput, chain: readonly string[]): Promise<TemplateInput[]> => {
    const out: TemplateInput[] = [];
    for (const nested of locationsOf(parent)) {
      const at = (message: string) => errors.push(inputErrorAt(parent.file, nested.pointer, parent.lineOf, `nested stack ${nested.resourceId} (${nested.type}): ${message}`));
      const location = nested.local;
      if (location === undefined) {
        at(`its template (${locationText(nested)}) is not read here, so its resources are not evaluated (fail closed): ${source.advice(nested.property)}`);
        continue;
      }
      const key = source.nestedKey(parent.file, location);
      if (chain.includes(key)) {
        at(`its template ${location} nests the stack itself again (CloudFormation cannot deploy it): not evaluated again`);
        continue;
      }
      // A template may not make the run read files outside what it was asked to read (and quote
      // them in its errors): a pull request's template could name any file of the machine.
      const refused = await source.refusal(key, location);
      if (refused !== undefined) {
        at(`its template ${location} ${refused}`);
        continue;
      }
      const known = given.get(key);
      const content = known ?? (await source.read(parent.file, location));
      if (!known && "value" in content) read++;
      if (!("value" in content)) {
        // Not found or not readable: said at the parent's resource. Not parsed: at the nested template's line.
        if (content.line === undefined) at(`its template ${location}: ${content.message}`);
        else errors.push({ file: content.file, line: content.line, message: `nested stack ${nested.resourceId} of ${parent.file}: ${content.message}` });
        continue;
      }
      emitted.add(key);
      const input = nestedStackInput(parent, nested.resourceId, content.file, content.value, content.lineOf);
      out.push(input, ...(await expand(input, [...chain, key])));
    }
    return out;
  };
  const out: TemplateInput[] = [];
  for (const [key, template] of given) if (!nestedInSome.has(key)) out.push(template, ...(await expand(template, [key])));
  // Templates that only nest one another (a cycle) have no root: each is still judged on its own.
  for (const [key, template] of given) if (nestedInSome.has(key) && !emitted.has(key)) out.push(template, ...(await expand(template, [key])));
  return { templates: out, read };
}
