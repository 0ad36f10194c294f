/**
 * Dashboards other files carry, as JSON text or as objects, judged in the file a pull request
 * changes:
 * - Kubernetes manifests: a ConfigMap entry that Grafana's dashboard sidecar loads
 *   (kube-prometheus-stack, the grafana Helm chart; `data`, and `binaryData` base64-decoded), grafana-operator's GrafanaDashboard
 *   `spec.json` and `spec.gzipJson`, and the documents of a manifest (a List);
 * - any other resource or JSON or YAML file (grafana-operator's GrafanaManifest, Helm values with
 *   `dashboards.<provider>.<name>.json`, generated configuration): every string in it that is a
 *   dashboard's JSON, and every object in it that is a dashboard.
 */
import { gunzipSync } from "node:zlib";
import { mayBeDashboard } from "../input-text.js";
import { isRecord } from "../is-record.js";
import { childPointer, toPointer } from "../source/pointer.js";
import { str } from "./model.js";

/** A dashboard inside another file: its JSON text, its value once read, and what names it in messages. */
export interface EmbeddedDashboardText {
  pointer: string;
  /** The JSON text as written; empty for a dashboard held as an object. */
  text: string;
  /** The dashboard as read (undefined: text that does not parse, refused when it is evaluated). */
  value: unknown;
  /** `ConfigMap grafana-dashboards, data.claude-code.json` */
  label: string;
  /** Why the text could not be had at all (compressed data that does not inflate): an input error. */
  error?: string;
}

const GRAFANA_OPERATOR_KINDS = new Set(["GrafanaDashboard"]);

/** The most a compressed dashboard (`spec.gzipJson`) is inflated to: a dashboard is kilobytes, a bomb is not read. */
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

/** The value JSON text holds, or undefined when it is not JSON. */
export function parsesToObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The dashboard texts a file carries, or undefined when it carries none. A ConfigMap entry counts
 * when its JSON is a dashboard `isDashboard` recognizes, or when it cannot be parsed but reads like
 * one (fail closed: the entry the sidecar loads could be the adoption dashboard). Elsewhere only
 * a string that parses to a dashboard counts: text Grafana could not parse shows nothing.
 */
export function embeddedDashboardTexts(value: unknown, isDashboard: (value: unknown) => boolean): EmbeddedDashboardText[] | undefined {
  const found: EmbeddedDashboardText[] = [];
  collect(value, "", isDashboard, found);
  return found.length ? found : undefined;
}

/** A Kubernetes resource by its kind (a List by its items); anything else searched whole. */
function collect(value: unknown, pointer: string, isDashboard: (value: unknown) => boolean, found: EmbeddedDashboardText[]): void {
  // A document of a manifest that is itself a dashboard resource (the file as a whole is not one).
  if (pointer !== "" && isDashboard(value)) {
    found.push({ pointer, text: "", value, label: `the dashboard at ${pointer}` });
    return;
  }
  if (!isRecord(value) || typeof value["apiVersion"] !== "string" || typeof value["kind"] !== "string") {
    fromAnything(value, pointer, isDashboard, found, 0);
    return;
  }
  const kind = str(value["kind"]);
  const metadata = isRecord(value["metadata"]) ? value["metadata"] : {};
  const name = str(metadata["name"]) || "without a name";
  if (kind === "List" && Array.isArray(value["items"])) {
    // A manifest of several documents (read as kubectl reads it), or a List written as one.
    value["items"].forEach((item, i) => collect(item, childPointer(pointer, "items", i), isDashboard, found));
  } else if (kind === "ConfigMap" && (isRecord(value["data"]) || isRecord(value["binaryData"]))) {
    // The sidecar writes each `data` entry as it is and each `binaryData` entry base64-decoded.
    for (const field of ["data", "binaryData"]) {
      const entries = value[field];
      if (!isRecord(entries)) continue;
      for (const [key, written] of Object.entries(entries)) {
        if (typeof written !== "string") continue;
        const text = field === "binaryData" ? Buffer.from(written, "base64").toString("utf8") : written;
        const parsed = parsesToObject(text);
        if (parsed === undefined ? mayBeDashboard(text) : isDashboard(parsed)) {
          found.push({ pointer: childPointer(pointer, field, key), text, value: parsed, label: `ConfigMap ${name}, ${field}.${key}` });
        }
      }
    }
  } else if (GRAFANA_OPERATOR_KINDS.has(kind) && isRecord(value["spec"]) && typeof value["spec"]["json"] === "string") {
    const text = value["spec"]["json"];
    found.push({ pointer: childPointer(pointer, "spec", "json"), text, value: parsesToObject(text), label: `${kind} ${name}, spec.json` });
  } else if (GRAFANA_OPERATOR_KINDS.has(kind) && isRecord(value["spec"]) && typeof value["spec"]["gzipJson"] === "string") {
    found.push({ pointer: childPointer(pointer, "spec", "gzipJson"), label: `${kind} ${name}, spec.gzipJson`, ...inflated(value["spec"]["gzipJson"]) });
  } else {
    // Any other resource (grafana-operator's GrafanaManifest holds a dashboard resource in
    // spec.template): every dashboard inside it, as text or as an object.
    fromAnything(value, pointer, isDashboard, found, 0);
  }
}

/**
 * The dashboard JSON that grafana-operator's `spec.gzipJson` holds (`gzip | base64`), read as the
 * operator reads it; what does not inflate (not base64 gzip, or larger than MAX_INFLATED_BYTES) is
 * an error: the dashboard it holds could be the adoption dashboard (fail closed).
 */
function inflated(base64: string): Pick<EmbeddedDashboardText, "text" | "value" | "error"> {
  try {
    const text = gunzipSync(Buffer.from(base64, "base64"), { maxOutputLength: MAX_INFLATED_BYTES }).toString("utf8");
    return { text, value: parsesToObject(text) };
  } catch (e) {
    return { text: "", value: undefined, error: `is not gzip-compressed base64: ${(e as Error).message}` };
  }
}

/** Nesting deeper than this is not followed (the parsers bound nesting too). */
const MAX_DEPTH = 64;

/** A dashboard's JSON starts with `{` and names its panels, widgets or pages: only such strings are parsed. */
const MAY_BE_DASHBOARD_JSON = /^\s*\{[\s\S]*"(panels|widgets|pages|elements)"\s*:/;

/**
 * Dashboards anywhere in a value: a string that is a dashboard's JSON, or an object that is a
 * dashboard (judged as its JSON, at its pointer). What is inside a dashboard found is not searched.
 * Every file no other reader takes is searched whole (event samples, app settings, generated
 * configuration): the walk keeps the path as a list and writes a pointer only for what it finds.
 */
function fromAnything(value: unknown, pointer: string, isDashboard: (value: unknown) => boolean, found: EmbeddedDashboardText[], depth: number): void {
  const path: (string | number)[] = [];
  const at = (): string => pointer + toPointer(path);
  const visit = (node: unknown, level: number): void => {
    if (level > MAX_DEPTH) return;
    if (typeof node === "string") {
      if (!MAY_BE_DASHBOARD_JSON.test(node)) return;
      const parsed = parsesToObject(node);
      if (parsed !== undefined && isDashboard(parsed)) found.push({ pointer: at(), text: node, value: parsed, label: `the dashboard JSON at ${at()}` });
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        visit(node[i], level + 1);
        path.pop();
      }
    } else if (isRecord(node)) {
      if (level > 0 && isDashboard(node)) {
        found.push({ pointer: at(), text: "", value: node, label: `the dashboard at ${at()}` });
        return;
      }
      const keys = Object.keys(node);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        path.push(key);
        visit(node[key], level + 1);
        path.pop();
      }
    }
  };
  visit(value, depth);
}
