// paging: when a step reads every page, each @odata.nextLink stays on the target's origin, never loops, and no
// page holds more items than the requested $top (a contract decision, ERRATA E45). A listing the runner's own page
// bound cut short is not checked, and says so.
import { failedWith, notChecked, passed, type Check } from "./check.ts";

export const paging: Check = {
  name: "paging",
  description: "@odata.nextLink stays on the target's origin and ends; no page exceeds $top",
  usesExpectation: false,
  source: "odata-next-link",
  run({ response }) {
    if (!response.allPages) return null;
    if (response.pagingProblems.length > 0) return failedWith(response.pagingProblems);
    if (response.pagingBound !== undefined) return notChecked(response.pagingBound);
    return passed(`${response.pages.length} page(s)`);
  },
};
