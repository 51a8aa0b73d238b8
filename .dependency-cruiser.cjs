// The layers of conformance/ (conformance/README.md): each folder imports only from the folders its entry allows
// (and from itself, src/, generated/ and packages). `npm run lint:deps` checks them; test/style/layers.test.ts runs
// it inside `npm test` and proves that a cycle fails it.
/** folder (or top-level file) of conformance/ → the folders and files of conformance/ it may import */
const LAYERS = {
  flags: [],
  transport: [],
  vocabulary: ["transport"],
  checks: ["vocabulary", "transport"],
  runner: ["vocabulary", "transport", "checks"],
  explore: ["vocabulary", "transport", "checks", "runner"],
  reference: ["flags"],
  targets: ["vocabulary", "transport", "reference"],
  report: ["vocabulary", "transport", "checks", "runner", "explore", "targets"],
  run: ["vocabulary", "transport", "checks", "runner", "explore", "reference", "targets", "report"],
  "run.ts": ["run", "vocabulary", "transport", "runner", "explore", "reference", "targets", "report"],
  "cli.ts": ["run.ts", "run", "flags", "vocabulary", "runner", "explore", "targets", "report"],
  mutants: ["reference"],
  mutation: ["mutants", "run.ts", "run", "reference", "vocabulary", "explore", "report"],
};

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const pathOf = (name) =>
  name.endsWith(".ts") ? `^conformance/${escapeRegExp(name)}$` : `^conformance/${escapeRegExp(name)}/`;

const layerRules = Object.entries(LAYERS).map(([layer, allowed]) => ({
  name: `layer-${layer.replace(/\.ts$/, "")}`,
  comment: `conformance/${layer} may import from conformance/ only: ${[layer, ...allowed].join(", ")}`,
  severity: "error",
  from: { path: pathOf(layer) },
  to: { path: "^conformance/", pathNot: [layer, ...allowed].map(pathOf) },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "no import cycle between files (and so, with the layer rules, none between folders)",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "src-stands-alone",
      comment: "the published library (src/) imports nothing from the suite, the scripts or the tests",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(conformance|scripts|test)/" },
    },
    {
      name: "conformance-below-scripts-and-tests",
      comment: "the suite imports nothing from scripts/ or test/",
      severity: "error",
      from: { path: "^conformance/" },
      to: { path: "^(scripts|test)/" },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
