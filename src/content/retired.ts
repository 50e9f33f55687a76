/**
 * Manifest fields of earlier versions that told the engine one story, with what replaces them: the loader
 * refuses them with this advice. This is the one file of src/ that names them (test/unit/no-story.test.ts
 * skips it for that reason).
 */
export const RETIRED_MANIFEST_FIELDS: Readonly<Record<string, string>> = {
  cohort: 'declare the companies as a group (groups: in briefing.yaml, group: in each company) and compute their totals in metrics.yaml, e.g. inputs: {valuation: {group: <id>, quantity: valuation}}, formula: sum(valuation)',
  floatScenarios: 'declare a metric in metrics.yaml with a scenarios input, e.g. inputs: {float: {scenarios: [3%, 8%, 15%, 25%]}}',
  revenueMixOf: 'declare a chart in charts/<id>.yaml with data: {figures: {company: <id>, quantity: segment-revenue, segment: all}}',
  deals: 'declare the deal economics as metrics in metrics.yaml over the deal figures’ ids',
};

/** Company fields of earlier versions, with what replaces them. */
export const RETIRED_COMPANY_FIELDS: Readonly<Record<string, string>> = {
  ipoStatus: 'it is now status: (where the company stands, in a few words)',
};
