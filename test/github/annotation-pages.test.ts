/**
 * planAnnotations (src/github/check-runs.ts) on a run that already carries more than one page of
 * annotations: GitHub lists them 100 at a time, and every page is read, so a re-delivery adds only
 * what is new and never repeats one of the later pages.
 */
import nock from "nock";
import type { CheckAnnotation } from "../../src/github/checks/types.js";
import { planAnnotations } from "../../src/github/check-runs.js";
import { githubOnlyThroughNock, octokitApi } from "./wire.js";

const API = "https://api.github.com";
const annotation = (i: number): CheckAnnotation => ({ path: "infra/template.json", start_line: i, end_line: i, annotation_level: "failure", title: "agent-destructive-prod", message: `finding ${i}` });
const outcome = (annotations: CheckAnnotation[]) => ({ conclusion: "failure" as const, title: "t", summary: "s", annotations });

githubOnlyThroughNock();

describe("planAnnotations", () => {
  it("reads every page of a run's 150 annotations: only the new one is sent, none is stale", async () => {
    const present = Array.from({ length: 150 }, (_, i) => annotation(i + 1));
    const pages: number[] = [];
    nock(API)
      .get("/repos/acme/platform/check-runs/42/annotations")
      .query((q) => (pages.push(Number(q["page"])), q["per_page"] === "100" && q["page"] === "1"))
      .reply(200, present.slice(0, 100))
      .get("/repos/acme/platform/check-runs/42/annotations")
      .query((q) => (pages.push(Number(q["page"])), q["per_page"] === "100" && q["page"] === "2"))
      .reply(200, present.slice(100));
    const plan = await planAnnotations(octokitApi(), "acme", "platform", outcome([...present, annotation(151)]), { id: 42, annotations: 150 });
    expect(plan).toEqual({ annotations: [annotation(151)], stale: 0 });
    expect(pages.filter((p, i) => pages.indexOf(p) === i)).toEqual([1, 2]);
  });

  it("a run with exactly one full page (100 annotations) is read in one request: the count says there is no second page", async () => {
    const present = Array.from({ length: 100 }, (_, i) => annotation(i + 1));
    // githubOnlyThroughNock: a request for page 2 would fail the test.
    nock(API).get("/repos/acme/platform/check-runs/42/annotations").query({ per_page: "100", page: "1" }).reply(200, present);
    const plan = await planAnnotations(octokitApi(), "acme", "platform", outcome([...present, annotation(101)]), { id: 42, annotations: 100 });
    expect(plan).toEqual({ annotations: [annotation(101)], stale: 0 });
  });

  it("annotations of the run that no longer apply are counted as stale; a short page is the last, even if the run's count said more", async () => {
    const present = Array.from({ length: 120 }, (_, i) => annotation(i + 1));
    nock(API)
      .get("/repos/acme/platform/check-runs/42/annotations")
      .query({ per_page: "100", page: "1" })
      .reply(200, present.slice(0, 100))
      .get("/repos/acme/platform/check-runs/42/annotations")
      .query({ per_page: "100", page: "2" })
      .reply(200, present.slice(100));
    // The run's count (125) is ahead of what GitHub lists (120): the short second page ends the listing.
    const plan = await planAnnotations(octokitApi(), "acme", "platform", outcome(present.slice(0, 110)), { id: 42, annotations: 125 });
    expect(plan).toEqual({ annotations: [], stale: 10 });
  });

  it("a first run, or one without annotations, asks GitHub nothing: every annotation is new (repeated ones once), none stale", async () => {
    // githubOnlyThroughNock: any request here would fail the test.
    const twice = [annotation(1), annotation(2), annotation(1)];
    expect(await planAnnotations(octokitApi(), "acme", "platform", outcome(twice), undefined)).toEqual({ annotations: [annotation(1), annotation(2)], stale: 0 });
    expect(await planAnnotations(octokitApi(), "acme", "platform", outcome(twice), { id: 42, annotations: 0 })).toEqual({ annotations: [annotation(1), annotation(2)], stale: 0 });
  });
});

