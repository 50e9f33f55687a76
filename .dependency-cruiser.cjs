/**
 * The pipeline's layering, as rules (`npx depcruise src --config .dependency-cruiser.cjs`; run in `npm test`
 * by test/unit/stages.test.ts). Stages are folders under src/, in order:
 *
 *   content → metrics → charts → html → pdf
 *
 * A stage imports only from earlier stages and from the shared leaves (src/*.ts that are not coordinators).
 * The coordinators (build, batch, api, check, effects, context, init, approve, merge, preview/, cli/) may import anything,
 * nothing imports them back but other coordinators. The message catalogue is a leaf. Type-only imports count.
 */
const STAGES = ['content', 'metrics', 'charts', 'html', 'pdf'];
const COORDINATORS = '^src/(build|batch|api|check|effects|context|init|approve|merge)\\.ts$|^src/(preview|cli)/';

/** One rule per stage: it may not import a later stage. */
const stageOrder = STAGES.slice(0, -1).map((stage, i) => ({
  name: `${stage}-imports-no-later-stage`,
  comment: `${stage} is stage ${i + 1}: it may import only ${STAGES.slice(0, i).join(', ') || 'no other stage'} and the shared leaves.`,
  severity: 'error',
  from: { path: `^src/${stage}/` },
  to: { path: `^src/(${STAGES.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circles, type-only imports included: a module and what it imports form a tree.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...stageOrder,
    {
      name: 'stages-and-leaves-import-no-coordinator',
      comment: 'The stages and the shared leaves never import a coordinator: the coordinators call them, not the reverse.',
      severity: 'error',
      from: { path: '^src/', pathNot: COORDINATORS },
      to: { path: COORDINATORS },
    },
    {
      name: 'shared-leaves-import-no-later-stage',
      comment: 'A shared leaf (src/*.ts that is not a coordinator) may import the content stage (the model), never a later one.',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$', pathNot: COORDINATORS },
      to: { path: `^src/(${STAGES.slice(1).join('|')})/` },
    },
    {
      name: 'catalogue-is-a-leaf',
      comment: 'src/messages.ts, src/messages/ and src/errors.ts hold every message: they import nothing but each other.',
      severity: 'error',
      from: { path: '^src/(messages|errors)\\.ts$|^src/messages/' },
      to: { path: '^src/', pathNot: '^src/(messages|errors)\\.ts$|^src/messages/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/types/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
