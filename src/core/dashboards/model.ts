/** One panel model for every dashboard format (DESIGN.md "Adoption dashboards"). */
import { isRecord } from "../is-record.js";
import { collectStrings } from "../collect-strings.js";

export type DashboardFormat = "grafana" | "grafana-v2" | "cloudwatch" | "datadog" | "signoz" | "perses" | "newrelic" | "cloud-monitoring";

/** A threshold, marker or annotation line drawn on a panel: the raw material of "usage target". */
export interface PanelThreshold {
  value: number | null;
  color?: string;
  label?: string;
  /** Grafana's first step: the colour below every threshold, never "turns" the panel anything. */
  base?: boolean;
  /** The colour marks the values below the line (Cloud Monitoring's `direction: BELOW`, CloudWatch's `fill: "below"`): too little, or, green, a cap. */
  below?: boolean;
  /**
   * For a step of a sequence (Grafana's and Perses's thresholds): the colour of the values just
   * below it (the step before, Grafana's base, Perses's `defaultColor`), `color` absent where the
   * author chose none (the first Perses step without a `defaultColor`: the theme's colour, a blue
   * in Perses's own panels).
   */
  under?: { color?: string };
  /**
   * The columns a Grafana field override scopes it to, by the names its matcher gives (`byName`,
   * `byRegexp`, `byNames`); absent, it colours every value the panel shows.
   */
  fields?: string[];
}

export interface Panel {
  /** JSON pointer of the panel inside the file (or inside the dashboard body). */
  path: string;
  title: string;
  /** Description, markdown content and legend labels: prose, not queries. */
  text: string;
  /**
   * The author's description of a panel that shows data (Grafana's tooltip, a SigNoz or Perses
   * panel description), where the format keeps it apart: it names the tool and states targets as
   * text does, but says nothing of what the panel shows, so records no incidents.
   */
  description?: string;
  queries: string[];
  thresholds: PanelThreshold[];
  /**
   * The panel lists single events (a Grafana logs or traces panel, a Logs Insights query without
   * `stats`, a Datadog event or log stream): it shows records, so it measures no use.
   */
  listsEvents?: boolean;
  /**
   * The panel is text its author wrote (a Grafana text panel, a markdown or note widget): it
   * shows no data, so it measures nothing and records nothing, whatever it says.
   */
  prose?: boolean;
  /**
   * The panel shows data it reads by itself, with no query written in the dashboard: a Grafana
   * alert or annotation list, a Cloud Monitoring incident list. Any other panel without a query
   * shows nothing.
   */
  readsOwnData?: boolean;
  /**
   * Why a panel that had queries shows no data: Grafana runs none of them (hidden), or they read
   * none (a constant, a generated series). Said where a panel named for incidents is cited.
   */
  noDataBecause?: string;
}

/** A part of the dashboard that could not be read: becomes an InputError (fail closed). */
export interface NormalizeProblem {
  pointer: string;
  message: string;
}

export interface NormalizedDashboard {
  format: DashboardFormat;
  title?: string;
  uid?: string;
  description?: string;
  tags: string[];
  panels: Panel[];
  /**
   * Events drawn over the panels (Grafana's dashboard annotations, events on a Datadog graph):
   * they can record incidents next to what the panels measure, never measure use themselves, and
   * are no panels (a dashboard of nothing else is empty).
   */
  overlays?: Panel[];
  problems: NormalizeProblem[];
  /** Where the panel list is written (`/dashboard/panels`, `/widgets`): what an empty dashboard cites. */
  panelsAt?: string;
}

/** A normalized dashboard from the fields every format names alike (title, description, tags) and its own id. */
export function normalizedDashboard(format: DashboardFormat, source: Record<string, unknown>, uid: unknown, panels: Panel[], problems: NormalizeProblem[], panelsAt?: string, overlays: Panel[] = []): NormalizedDashboard {
  return {
    format,
    ...(overlays.length ? { overlays } : {}),
    ...(panelsAt !== undefined ? { panelsAt } : {}),
    ...(str(source["title"]) ? { title: str(source["title"]) } : {}),
    ...(str(uid) ? { uid: str(uid) } : {}),
    ...(str(source["description"]) ? { description: str(source["description"]) } : {}),
    tags: Array.isArray(source["tags"]) ? source["tags"].map(str).filter(Boolean) : [],
    panels,
    problems,
  };
}

export function str(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

/**
 * The names `nameOf` finds in the records anywhere inside a value (a layout's references to the
 * panels it places), walking at most `maxDepth` levels down.
 */
export function namesInTree(value: unknown, nameOf: (record: Record<string, unknown>) => string | undefined, maxDepth = Infinity): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown, depth: number): void => {
    if (depth > maxDepth) return;
    if (Array.isArray(node)) for (const item of node) visit(item, depth + 1);
    else if (isRecord(node)) {
      const name = nameOf(node);
      if (name !== undefined) names.add(name);
      for (const child of Object.values(node)) if (typeof child === "object") visit(child, depth + 1);
    }
  };
  visit(value, 0);
  return names;
}

/** The strings inside a value that are not blank. */
export function collectQueries(value: unknown, skipKeys: ReadonlySet<string>, out: string[] = []): string[] {
  const from = out.length;
  collectStrings(value, out, skipKeys);
  let kept = from;
  for (let i = from; i < out.length; i++) {
    const q = out[i] as string;
    if (q.trim() !== "") out[kept++] = q;
  }
  out.length = kept;
  return out;
}

/** Threshold steps in the order of their values (a base without one first), as Grafana and Perses draw them. */
export function byStepValue(steps: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const at = (s: Record<string, unknown>): number => (typeof s["value"] === "number" ? s["value"] : -Infinity);
  return [...steps].sort((a, b) => at(a) - at(b));
}
