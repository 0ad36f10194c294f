/**
 * adoption-dashboard-no-incidents: whole messages and evidence notes. The finding has to let a
 * reader judge a false alarm at a glance: which tool, measured how, in which panels, which
 * threshold makes it a target, and where the tool was named. Each of those is pinned here.
 */
import { evaluateFixture, evaluateValue } from "./helpers.js";

const ADD_ONE = "but has no panel for incidents, outages, rollbacks or change failure rate: add one so adoption is read next to the risk it brings.";
const notes = (relative: string) => evaluateFixture(relative).findings[0]?.evidence.map((e) => [e.pointer, e.note]);

describe("message", () => {
  test("tool, the first five terms, the panels, and the target with its panel", () => {
    const [f] = evaluateFixture("handmade/grafana-copilot-target-80.json").findings;
    expect(f?.message).toBe(
      'Measures adoption of GitHub Copilot (active users, weekly active users, seats, acceptance rate, acceptances) in "Copilot weekly active users (%)", "Suggestion acceptance rate" ' +
        `and sets a usage target ("Copilot weekly active users (%)": threshold 80 turns it green) ${ADD_ONE}`,
    );
  });

  test("without a target: no target clause, a warning", () => {
    const [f] = evaluateFixture("handmade/grafana-copilot-default-thresholds.json").findings;
    expect(f?.severity).toBe("warning");
    expect(f?.message).toBe(
      `Measures adoption of GitHub Copilot (active users, weekly active users, seats, acceptance rate, acceptances) in "Copilot weekly active users (%)", "Suggestion acceptance rate" ${ADD_ONE}`,
    );
  });
});

describe("many panels, an untitled one, and a target in a panel of its own", () => {
  const panels: Record<string, unknown>[] = [1, 2, 3, 4, 5, 6].map((i) => ({ id: i, type: "stat", title: i === 2 ? "" : `Copilot seats ${i}`, gridPos: { h: 4, w: 4, x: 0, y: i }, targets: [{ refId: "A", expr: `sum(github_copilot_active_users_${i})` }] }));
  panels.push({ id: 9, type: "text", title: "Goal", gridPos: { h: 4, w: 4, x: 0, y: 9 }, options: { mode: "markdown", content: "Target: 80% weekly Copilot usage" } });
  // Evaluated inside each test: Stryker attributes code run while describe blocks are collected to no test.
  const finding = () => evaluateValue({ title: "Copilot and Cursor", uid: "x", panels, schemaVersion: 39 }).findings[0];

  test("four panels named, the rest counted; an untitled panel by its path; every tool named", () => {
    const f = finding();
    expect(f?.severity).toBe("error");
    expect(f?.message).toBe(
      'Measures adoption of GitHub Copilot, Cursor (active users, seats) in "Copilot seats 1", "/panels/1", "Copilot seats 3", "Copilot seats 4" and 2 more ' +
        `and sets a usage target ("Goal": its text states a target: "Goal Target: 80% weekly Copilot usage") ${ADD_ONE}`,
    );
  });

  test("each adoption panel is evidence, and the target panel too", () => {
    expect(finding()?.evidence.map((e) => [e.pointer, e.note])).toEqual([
      ["/panels/0", 'adoption panel "Copilot seats 1": measures active users, seats of GitHub Copilot (named in the panel)'],
      ["/panels/1", 'adoption panel "untitled": measures active users of GitHub Copilot, Cursor (named in the dashboard title, description or tags)'],
      ["/panels/2", 'adoption panel "Copilot seats 3": measures active users, seats of GitHub Copilot (named in the panel)'],
      ["/panels/3", 'adoption panel "Copilot seats 4": measures active users, seats of GitHub Copilot (named in the panel)'],
      ["/panels/4", 'adoption panel "Copilot seats 5": measures active users, seats of GitHub Copilot (named in the panel)'],
      ["/panels/5", 'adoption panel "Copilot seats 6": measures active users, seats of GitHub Copilot (named in the panel)'],
      ["/panels/6", 'usage target: its text states a target: "Goal Target: 80% weekly Copilot usage"'],
    ]);
  });
});

describe("exactly four adoption panels", () => {
  test("all four are named, with no \"and 0 more\"", () => {
    const panels = [1, 2, 3, 4].map((i) => ({ id: i, type: "stat", title: `Copilot seats ${i}`, gridPos: { h: 4, w: 4, x: 0, y: i }, targets: [{ refId: "A", expr: `sum(github_copilot_active_users_${i})` }] }));
    const [f] = evaluateValue({ title: "Copilot", uid: "x", panels, schemaVersion: 39 }).findings;
    expect(f?.message).toBe(`Measures adoption of GitHub Copilot (active users, seats) in "Copilot seats 1", "Copilot seats 2", "Copilot seats 3", "Copilot seats 4" ${ADD_ONE}`);
  });
});

describe("a tool without a brand", () => {
  const panel = (id: number, title: string) => ({ id, type: "stat", title, gridPos: { h: 4, w: 4, x: 0, y: id }, targets: [{ refId: "A", expr: `sum(active_users_${id})` }] });

  test("named alone, it is the tool of the message", () => {
    const [f] = evaluateValue({ title: "Engineering", uid: "x", panels: [panel(1, "Coding assistant active users")], schemaVersion: 39 }).findings;
    expect(f?.message).toBe(`Measures adoption of an AI coding tool (active users) in "Coding assistant active users" ${ADD_ONE}`);
  });

  test("next to a named tool, only the named one is listed", () => {
    const [f] = evaluateValue({ title: "Engineering", uid: "x", panels: [panel(1, "Coding assistant active users"), panel(2, "Copilot active users")], schemaVersion: 39 }).findings;
    expect(f?.message).toBe(`Measures adoption of GitHub Copilot (active users) in "Coding assistant active users", "Copilot active users" ${ADD_ONE}`);
  });
});

describe("a usage target on an untitled panel", () => {
  test("the target is given by its threshold alone, with no empty title quoted", () => {
    const gauge = { id: 1, type: "gauge", title: "", gridPos: { h: 4, w: 4, x: 0, y: 0 }, targets: [{ refId: "A", expr: "100 * copilot_weekly_active_users / copilot_seats_assigned" }], fieldConfig: { defaults: { thresholds: { mode: "absolute", steps: [{ color: "red", value: null }, { color: "green", value: 80 }] } } } };
    const [f] = evaluateValue({ title: "Copilot", uid: "x", panels: [gauge], schemaVersion: 39 }).findings;
    expect(f?.message).toMatch(/ in "\/panels\/0" and sets a usage target \(threshold 80 turns it green\) but has no panel for incidents/);
  });
});

describe("evidence notes", () => {
  test("the first four terms, where the tool is named, and the panel's own target", () => {
    expect(notes("handmade/grafana-copilot-target-80.json")).toEqual([
      [
        "/panels/0",
        'adoption panel "Copilot weekly active users (%)": measures active users, weekly active users, seats of GitHub Copilot (named in the panel); ' +
          'usage target: threshold 80 turns it green; its text states a target: "Copilot weekly active users (%) Share of licensed developers who used GitHub ..."',
      ],
      ["/panels/1", 'adoption panel "Suggestion acceptance rate": measures acceptance rate, acceptances, suggestions, completions of GitHub Copilot (named in the dashboard title, description or tags)'],
    ]);
  });

  test("a panel with many terms: the note gives its first four, the message the first five", () => {
    const title = "Copilot active users, seats, acceptance rate, suggestions, completions, sessions";
    const [f] = evaluateValue({ title: "T", uid: "x", panels: [{ id: 1, type: "stat", title, gridPos: { h: 4, w: 4, x: 0, y: 0 }, targets: [{ refId: "A", expr: "sum(x)" }] }], schemaVersion: 39 }).findings;
    expect(f?.evidence.map((e) => e.note)).toEqual([`adoption panel "${title}": measures active users, acceptance rate, acceptance, seats of GitHub Copilot (named in the panel)`]);
    expect(f?.message).toMatch(/^Measures adoption of GitHub Copilot \(active users, acceptance rate, acceptance, seats, suggestions\) in /);
  });

  test("a tool named only in the queries says so", () => {
    expect(notes("handmade/cloudwatch-chart-copilot-otel.json")?.at(-1)).toEqual([
      "/widgets/3",
      'adoption panel "Accepted suggestions by team": measures accepted suggestions, suggestions of GitHub Copilot (named in its queries (a metric or table name, or a tool label))',
    ]);
  });
});
