/**
 * adoption-dashboard-no-incidents: a dashboard that measures AI-tool adoption but shows no
 * incidents, outages or rollbacks rewards use and hides risk. `error` when it also sets a usage
 * target (and policy.dashboards.targetIsError), else `warning`.
 */
import type { Evidence, Finding, Suppression } from "../finding.js";
import type { Policy } from "../policy.js";
import { classifyDashboard, type ToolSource } from "./classify.js";
import type { NormalizedDashboard, Panel } from "./model.js";

export interface DashboardUnderReview {
  dashboard: NormalizedDashboard;
  subject: string;
  /** Evidence pointing at one panel (file, line, pointer). */
  evidenceFor(panel: Panel): Evidence;
  /** From the dashboard's own `agent-guardrail:ignore-incidents=<reason>` tag. */
  suppression: Suppression | null;
}

function quoted(panels: readonly Panel[], max = 4): string {
  const names = panels.map((p) => `"${p.title || p.path}"`);
  return names.length > max ? `${names.slice(0, max).join(", ")} and ${names.length - max} more` : names.join(", ");
}

const TOOL_SOURCE: Record<ToolSource, string> = {
  panel: "in the panel",
  dashboard: "in the dashboard title, description or tags",
  query: "in its queries (a metric or table name, or a tool label)",
};

// Outside the `as const` object below: Stryker does not mutate inside a type assertion.
function evaluate(input: DashboardUnderReview, policy: Policy): Finding[] {
  if (!policy.dashboards.enabled) return [];
  const c = classifyDashboard(input.dashboard, policy.dashboards.vocabulary, { untilIncident: true });
  if (c.adoptionPanels.length === 0 || c.incidentPanels.length > 0) return [];
  const target = c.targets[0];
  const severity = target && policy.dashboards.targetIsError ? "error" : "warning";
  const adoption = c.adoptionPanels.map((a) => a.panel);
  const named = [...new Set(c.adoptionPanels.flatMap((a) => a.tools))];
  const tools = (named.length > 1 ? named.filter((t) => t !== "an AI coding tool") : named).join(", ");
  const terms = [...new Set(c.adoptionPanels.flatMap((a) => a.terms))].slice(0, 5).join(", ");
  const targetText = target ? ` and sets a usage target (${target.panel.title ? `"${target.panel.title}": ` : ""}${target.why})` : "";
  const empty = c.emptyIncidentPanels;
  const emptyText = empty.length ? ` (${quoted(empty)} ${empty.length === 1 ? "is" : "are"} named for incidents but ${empty.length === 1 ? "queries" : "query"} nothing)` : "";
  const message =
    `Measures adoption of ${tools} (${terms}) in ${quoted(adoption)}${targetText} but has no panel for incidents, outages, ` +
    `rollbacks or change failure rate${emptyText}: add one so adoption is read next to the risk it brings.`;
  const withNote = (panel: Panel, note: string): Evidence => {
    const e = input.evidenceFor(panel);
    return { ...e, note: e.note ? `${note} (${e.note})` : note };
  };
  // Each adoption panel says why it counts (the terms and where the tool is named) and, when
  // it carries one, which threshold makes it a target: enough to judge a false alarm at a glance.
  const evidence = c.adoptionPanels.map((a) => {
    const targets = c.targets.filter((t) => t.panel === a.panel).map((t) => t.why);
    const why = `measures ${a.terms.slice(0, 4).join(", ")} of ${a.tools.join(", ")} (named ${TOOL_SOURCE[a.toolSource]})`;
    return withNote(a.panel, `adoption panel "${a.panel.title || "untitled"}": ${why}${targets.length ? `; usage target: ${targets.join("; ")}` : ""}`);
  });
  if (target && !adoption.includes(target.panel)) evidence.push(withNote(target.panel, `usage target: ${target.why}`));
  for (const panel of empty) evidence.push(withNote(panel, `panel "${panel.title || "untitled"}" is named for incidents but ${panel.noDataBecause ?? "has no query"}: it shows no data`));
  return [{ rule: "adoption-dashboard-no-incidents", severity, message, subject: input.subject, evidence, suppressed: input.suppression }];
}

export const rule = {
  id: "adoption-dashboard-no-incidents",
  defaultSeverity: "warning",
  evaluate,
} as const;
