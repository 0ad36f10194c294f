/**
 * Dashboards that Kubernetes manifests carry as JSON text: a ConfigMap entry that Grafana's
 * dashboard sidecar (kube-prometheus-stack, the grafana Helm chart) loads, and the `spec.json` of
 * grafana-operator's GrafanaDashboard. The manifest is the file a pull request changes, so the
 * dashboard inside it is judged there.
 */
import { mayBeDashboard } from "../input-text.js";
import { isRecord } from "../is-record.js";
import { childPointer } from "../source/pointer.js";
import { str } from "./model.js";

/** JSON text of a dashboard inside a manifest, and what names it in messages. */
export interface EmbeddedDashboardText {
  pointer: string;
  text: string;
  /** `ConfigMap grafana-dashboards, data.claude-code.json` */
  label: string;
}

const GRAFANA_OPERATOR_KINDS = new Set(["GrafanaDashboard"]);

function parsesToObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The dashboard texts a manifest carries, or undefined when it is not a manifest that carries one.
 * A ConfigMap entry counts when its JSON is a dashboard `isDashboard` recognizes, or when it
 * cannot be parsed but reads like one (fail closed: the entry the sidecar loads could be the
 * adoption dashboard). Other entries (a datasource, a provider file) are not dashboards.
 */
export function kubernetesDashboardTexts(value: unknown, isDashboard: (value: unknown) => boolean): EmbeddedDashboardText[] | undefined {
  const found: EmbeddedDashboardText[] = [];
  collect(value, "", isDashboard, found);
  return found.length ? found : undefined;
}

function collect(value: unknown, pointer: string, isDashboard: (value: unknown) => boolean, found: EmbeddedDashboardText[]): void {
  if (!isRecord(value) || typeof value["apiVersion"] !== "string") return;
  const kind = str(value["kind"]);
  const metadata = isRecord(value["metadata"]) ? value["metadata"] : {};
  const name = str(metadata["name"]) || "without a name";
  if (kind === "List" && Array.isArray(value["items"])) {
    // A manifest of several documents (read as kubectl reads it), or a List written as one.
    value["items"].forEach((item, i) => collect(item, childPointer(pointer, "items", i), isDashboard, found));
  } else if (kind === "ConfigMap" && isRecord(value["data"])) {
    for (const [key, text] of Object.entries(value["data"])) {
      if (typeof text !== "string") continue;
      const parsed = parsesToObject(text);
      if (parsed === undefined ? mayBeDashboard(text) : isDashboard(parsed)) {
        found.push({ pointer: childPointer(pointer, "data", key), text, label: `ConfigMap ${name}, data.${key}` });
      }
    }
  } else if (GRAFANA_OPERATOR_KINDS.has(kind) && isRecord(value["spec"]) && typeof value["spec"]["json"] === "string") {
    found.push({ pointer: childPointer(pointer, "spec", "json"), text: value["spec"]["json"], label: `${kind} ${name}, spec.json` });
  }
}
