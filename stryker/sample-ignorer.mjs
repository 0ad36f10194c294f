/**
 * Stryker ignorer `sample-focus` (`npm run mutate:sample`, stryker/sample.mjs): in a sampled run
 * Stryker mutates the nodes of the drawn mutants (mutate ranges), which would also mutate every
 * node inside a drawn one (a drawn `{}` of a function body would bring all of the body's
 * mutants). This ignores every node that holds no drawn mutant, with all it contains; the nodes
 * on the way to a drawn mutant stay, so the drawn ones are never ignored.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { PluginKind, declareValuePlugin } from "@stryker-mutator/api/plugin";

/** Drawn mutant locations by file, in Babel's coordinates (1-based lines, 0-based columns). */
function drawnLocations() {
  const planFile = process.env.MUTATE_SAMPLE;
  if (!planFile) return undefined;
  const byFile = new Map();
  for (const m of JSON.parse(readFileSync(planFile, "utf8")).mutants) {
    const list = byFile.get(m.file) ?? [];
    list.push({ start: { line: m.start.line + 1, column: m.start.column }, end: { line: m.end.line + 1, column: m.end.column } });
    byFile.set(m.file, list);
  }
  return byFile;
}

const before = (a, b) => a.line < b.line || (a.line === b.line && a.column <= b.column);
/** Whether node location `outer` contains `inner` (or is the same). */
export const contains = (outer, inner) => before(outer.start, inner.start) && before(inner.end, outer.end);

let drawn;
const REASON = "not drawn in this sample (npm run mutate:sample)";

export const sampleFocus = {
  shouldIgnore(nodePath) {
    drawn ??= drawnLocations() ?? new Map();
    const loc = nodePath.node.loc;
    const file = nodePath.hub?.file?.opts?.filename;
    if (!loc || typeof file !== "string") return undefined;
    const relative = path.relative(process.cwd(), path.resolve(file)).split(path.sep).join("/");
    const locations = drawn.get(relative);
    if (!locations) return REASON;
    return locations.some((l) => contains(loc, l)) ? undefined : REASON;
  },
};

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, "sample-focus", sampleFocus)];
