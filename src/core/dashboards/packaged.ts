/**
 * Dashboards shipped as zip archives, opened and judged as the files they hold are:
 * - a Power BI report (`.pbix`, and the template `.pbit` that AI-adoption reports such as GitHub's
 *   Copilot metrics viewer are published as): an OPC package whose `Report/Layout` is the report in
 *   PBIR-legacy's JSON (UTF-16 LE: `sections`, each page's `visualContainers`), or, saved in the
 *   enhanced format, `Report/definition/**.json` (PBIR: `report.json`, `pages/<page>/page.json`,
 *   `visuals/<visual>/visual.json`), read as the same files kept in a `.pbip` project are;
 * - a Tableau packaged workbook (`.twbx`): its `.twb`, read as a `.twb` file is;
 * - an Apache Superset dashboard export (`.zip`, what "Export" and `superset export-dashboards` write:
 *   `<export>/metadata.yaml`, `dashboards/<title>.yaml`, `charts/<name>.yaml`), its dashboards and
 *   charts read together as the same files kept unzipped are. Any other `.zip` is no dashboard.
 * All are formats not read: one that names a coding tool and a measure of its use is an input error
 * (fail closed). An archive that cannot be read (not a zip, zip64, encrypted, corrupt, past the
 * limits) or that lacks the report it must hold is an input error too: the report it holds could
 * be the adoption dashboard. Messages name the member and, where one can be told, the JSON pointer
 * of the visual in it that shows the coding tool's use.
 */
import type { Policy } from "../policy.js";
import { isRecord } from "../is-record.js";
import { decodeText } from "../source/decode.js";
import { childPointer } from "../source/pointer.js";
import { ZipError, zipEntries, zipEntryBytes, type ZipEntry, type ZipSource } from "../source/zip.js";
import { MAX_INFLATED_BYTES } from "./embedded.js";
import { unreadAdoptionDashboardAt, unreadTableauDashboard } from "./index.js";

/** The packaged dashboards read, by file name. */
export type PackagedDashboardKind = "power-bi" | "tableau" | "zip";

export function packagedDashboardKind(file: string): PackagedDashboardKind | undefined {
  if (/\.(pbix|pbit)$/i.test(file)) return "power-bi";
  if (/\.twbx$/i.test(file)) return "tableau";
  if (/\.zip$/i.test(file)) return "zip";
  return undefined;
}

const WHAT: Readonly<Record<PackagedDashboardKind, string>> = { "power-bi": "Power BI report", tableau: "Tableau packaged workbook", zip: "Superset dashboard export" };

/**
 * Why a packaged dashboard fails closed (an adoption dashboard in a format not read, or an archive
 * that cannot be read), or undefined when it holds no dashboard of a coding tool's use.
 */
export function unreadPackagedDashboard(kind: PackagedDashboardKind, source: ZipSource, policy: Policy, parseYaml?: (text: string) => unknown): string | undefined {
  const what = WHAT[kind];
  if (kind === "zip") return unreadSupersetExport(source, policy, what, parseYaml);
  // Power BI reports are often kept in Git LFS: a checkout without the object holds its pointer.
  const head = Buffer.from(source.read(0, Math.min(source.size, 200))).toString("latin1");
  if (head.startsWith(LFS_POINTER)) {
    return `${what} kept in Git LFS whose object is not here (the file is its pointer, ${/size (\d+)/.exec(head)?.[1] ?? "?"} bytes in LFS): what it shows cannot be read (fail closed); fetch it (git lfs pull, or actions/checkout with lfs: true) and scan again`;
  }
  try {
    const entries = zipEntries(source);
    // One budget for every member inflated: an archive of a thousand large members is not read past it.
    const budget = { left: MAX_INFLATED_BYTES };
    const read = (entry: ZipEntry): Buffer => {
      const bytes = zipEntryBytes(source, entry, budget.left);
      budget.left -= bytes.length;
      return bytes;
    };
    return kind === "power-bi" ? unreadPowerBi(entries, read, policy, what) : unreadTableau(entries, read, policy, what);
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
    return `${what} that cannot be opened: ${error.message}; what it shows cannot be read (fail closed)`;
  }
}

/** The first line of a Git LFS pointer file (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md). */
const LFS_POINTER = "version https://git-lfs.github.com/spec/v1";

/** An OPC part name is compared without case, and Windows tools may write `\`. */
const partName = (entry: ZipEntry): string => entry.name.replace(/\\/g, "/").replace(/^\//, "");

function unreadPowerBi(entries: readonly ZipEntry[], read: (entry: ZipEntry) => Buffer, policy: Policy, what: string): string | undefined {
  const layout = entries.find((e) => /^report\/layout$/i.test(partName(e)));
  const definition = entries.filter((e) => /^report\/definition\/.+\.json$/i.test(partName(e)));
  if (!layout && definition.length === 0) {
    return `${what} without its report (no Report/Layout nor Report/definition/ in the archive): what it shows cannot be read (fail closed)`;
  }
  const unread: string[] = [];
  if (layout) {
    const value = jsonOf(read(layout));
    if (value === undefined) return `${what} whose ${layout.name} is not JSON: what it shows cannot be read (fail closed)`;
    const found = unreadAdoptionDashboardAt(value, policy);
    if (found) unread.push(`in ${layout.name}${pointerNote(layoutVisualPointer(value, policy))}: ${found.message}`);
  }
  if (definition.length > 0 && unread.length === 0) {
    const records: { entry: ZipEntry; value: unknown }[] = [];
    for (const entry of definition) {
      const value = jsonOf(read(entry));
      if (value === undefined) return `${what} whose ${entry.name} is not JSON: what it shows cannot be read (fail closed)`;
      records.push({ entry, value });
    }
    // Judged as one report (a page names the tool, its visuals the measures), located at the first
    // visual, else page, that shows the tool's use on its own.
    const found = unreadAdoptionDashboardAt(records.map((r) => r.value), policy);
    if (found) {
      const at = records.find((r) => /\/visual\.json$/i.test(r.entry.name) && unreadAdoptionDashboardAt(r.value, policy)) ?? records.find((r) => unreadAdoptionDashboardAt(r.value, policy)) ?? records[0];
      unread.push(`in ${at?.entry.name ?? "Report/definition/"}: ${found.message}`);
    }
  }
  return unread.length ? `${what}, not read: ${unread.join("; ")}` : undefined;
}

/**
 * The visual (else the page) of a PBIR-legacy layout that shows the coding tool's use on its own,
 * with its page's name: where the report is judged to be one, for the message.
 */
function layoutVisualPointer(layout: unknown, policy: Policy): string {
  const sections = isRecord(layout) && Array.isArray(layout["sections"]) ? layout["sections"] : [];
  let page = "";
  for (const [i, section] of sections.entries()) {
    if (!isRecord(section)) continue;
    const visuals = Array.isArray(section["visualContainers"]) ? section["visualContainers"] : [];
    for (const [j, visual] of visuals.entries()) {
      if (unreadAdoptionDashboardAt({ sections: [{ displayName: section["displayName"], visualContainers: [visual] }] }, policy)) return childPointer("", "sections", i, "visualContainers", j);
    }
    if (page === "" && unreadAdoptionDashboardAt({ sections: [section] }, policy)) page = childPointer("", "sections", i);
  }
  return page;
}

const pointerNote = (pointer: string): string => (pointer ? ` at ${pointer}` : "");

function unreadTableau(entries: readonly ZipEntry[], read: (entry: ZipEntry) => Buffer, policy: Policy, what: string): string | undefined {
  const workbooks = entries.filter((e) => /\.twb$/i.test(e.name));
  if (workbooks.length === 0) return `${what} without a workbook (no .twb in the archive): what it shows cannot be read (fail closed)`;
  const unread: string[] = [];
  for (const entry of workbooks) {
    const found = unreadTableauDashboard(decodeText(read(entry)), policy);
    if (found) unread.push(`in ${entry.name}: ${found}`);
  }
  return unread.length ? `${what}, not read: ${unread.join("; ")}` : undefined;
}

/** Superset's export: `<export>/metadata.yaml` beside `dashboards/*.yaml` (and `charts/`, `datasets/`, `databases/`). */
const SUPERSET_PART = /(?:^|\/)(?:dashboards|charts)\/[^/]+\.ya?ml$/i;

/**
 * A `.zip` is judged only when its directory is a Superset dashboard export's: any other archive
 * (a Lambda package, a data set, one that is not a zip at all) holds no dashboard read here. An
 * export is read whole: what cannot be read of it fails closed.
 */
function unreadSupersetExport(source: ZipSource, policy: Policy, what: string, parseYaml: ((text: string) => unknown) | undefined): string | undefined {
  let entries: ZipEntry[];
  try {
    entries = zipEntries(source);
  } catch (error) {
    if (error instanceof ZipError) return undefined;
    throw error;
  }
  const parts = entries.filter((e) => SUPERSET_PART.test(partName(e)));
  const isExport = entries.some((e) => /(?:^|\/)metadata\.ya?ml$/i.test(partName(e))) && parts.some((e) => /(?:^|\/)dashboards\//i.test(partName(e)));
  if (!isExport) return undefined;
  if (!parseYaml) return `${what} whose YAML cannot be read here: what it shows cannot be read (fail closed)`;
  const budget = { left: MAX_INFLATED_BYTES };
  const records: { entry: ZipEntry; value: unknown }[] = [];
  try {
    for (const entry of parts) {
      const bytes = zipEntryBytes(source, entry, budget.left);
      budget.left -= bytes.length;
      records.push({ entry, value: parseYaml(decodeText(bytes)) });
    }
  } catch (error) {
    const why = error instanceof ZipError ? error.message : `a member is not YAML (${(error as Error).message})`;
    return `${what} that cannot be opened: ${why}; what it shows cannot be read (fail closed)`;
  }
  const found = unreadAdoptionDashboardAt(records.map((r) => r.value), policy);
  if (!found) return undefined;
  const at = records.find((r) => /(?:^|\/)dashboards\//i.test(partName(r.entry))) ?? records[0];
  return `${what}, not read: in ${at?.entry.name ?? "dashboards/"}: ${found.message}`;
}

/** A member's JSON (Power BI writes its layout in UTF-16 LE), or undefined when it is not JSON. */
function jsonOf(bytes: Buffer): unknown {
  const text = decodeText(bytes).replace(/^\uFEFF/, "");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
