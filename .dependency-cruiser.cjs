/**
 * Import direction, checked by `npm run lint` (dependency-cruiser). test/unit/lint-rules.test.ts
 * breaks each rule on purpose and expects it to fire.
 *
 * The layers, outermost first:
 *   main/electron, main/service   the two shells; each calls the one start-up
 *   main/app                      the start-up: builds the core, owns the database, clients, servers
 *   main/http                     the HTTP layer (fastify): contract API, events, ingest, UI
 *   main/core                     the application in plain Node: no Electron, no HTTP server
 *   main/core/common              helpers (dates, money, phone numbers, GS1, retry) importing no capability
 *
 * Inside main/core, capability folders may import only folders listed BEFORE them in CAPABILITIES.
 * A strict order makes an import cycle between folders impossible: whichever folder of the cycle comes
 * first would have to import a later one. A new folder takes its place in the list.
 */
const CAPABILITIES = [
  'common',
  'logging',
  'db',
  'secrets',
  'settings',
  'context',
  'custobar',
  'outbox',
  'exports',
  'customers',
  'benefits',
  'scanning',
  'checkout',
  'permissions',
  'prompts',
  'status',
  'metrics',
  'history',
  'setup',
  'diagnostics',
  'manager',
];

const capabilityRules = CAPABILITIES.map((name, rank) => {
  const later = CAPABILITIES.slice(rank + 1);
  return later.length === 0
    ? null
    : {
        name: 'capability-direction',
        comment: `main/core/${name} may import only capability folders listed before it (${CAPABILITIES.slice(0, rank).join(', ') || 'none'}).`,
        severity: 'error',
        from: { path: `^main/core/${name}/` },
        to: { path: `^main/core/(${later.join('|')})/` },
      };
}).filter(Boolean);

module.exports = {
  forbidden: [
    {
      name: 'core-stays-plain',
      comment: 'main/core runs in plain Node (tests, service mode): never Electron, a shell, the HTTP layer, the simulator or the UI.',
      severity: 'error',
      from: { path: '^main/core/' },
      to: { path: ['^main/(electron|service|simulator|app|http)/', '^main/index\\.ts$', '^renderer/', '(^|/)node_modules/electron/', '^electron$'] },
    },
    {
      name: 'no-http-server-in-core',
      comment: 'HTTP servers live in main/http; the core only makes client requests.',
      severity: 'error',
      from: { path: '^main/core/' },
      to: { path: ['(^|/)node_modules/(fastify|@fastify)/'] },
    },
    {
      name: 'common-imports-no-capability',
      comment: 'main/core/common holds helpers every capability may use, so it imports none of them.',
      severity: 'error',
      from: { path: '^main/core/common/' },
      to: { path: '^main/core/(?!common/)' },
    },
    {
      name: 'capabilities-not-root',
      comment: 'companion.ts and contract-dispatch.ts compose the capabilities; a capability never imports them.',
      severity: 'error',
      from: { path: '^main/core/[^/]+/' },
      to: { path: '^main/core/(companion|contract-dispatch)\\.ts$' },
    },
    {
      name: 'http-below-shells',
      comment: 'The HTTP layer serves both shells, so it imports neither shell nor the start-up.',
      severity: 'error',
      from: { path: '^main/http/' },
      to: { path: ['^main/(electron|service|app|simulator)/', '^main/index\\.ts$'] },
    },
    {
      name: 'app-below-shells',
      comment: 'The start-up is given its ports by the shells; it never imports one.',
      severity: 'error',
      from: { path: '^main/app/' },
      to: { path: ['^main/(electron|service)/', '^main/index\\.ts$', '(^|/)node_modules/electron/', '^electron$'] },
    },
    {
      name: 'simulator-is-tooling',
      comment: 'The simulator is test and demo tooling: only the start-up (demo mode), its own CLI and tests use it.',
      severity: 'error',
      from: { path: '^main/', pathNot: ['^main/(simulator|app)/'] },
      to: { path: '^main/simulator/' },
    },
    {
      name: 'no-circular',
      comment: 'A module cycle makes start-up order fragile and hides which side owns what.',
      severity: 'error',
      from: { path: '^(main|preload)/' },
      to: { circular: true },
    },
    {
      name: 'capability-listed',
      comment: 'Every folder under main/core takes its place in CAPABILITIES, so the direction rule covers it.',
      severity: 'error',
      from: { path: '^main/core/[^/]+/', pathNot: `^main/core/(${CAPABILITIES.join('|')})/` },
      to: {},
    },
    ...capabilityRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a cycle through types still ties the folders together.
    tsPreCompilationDeps: true,
  },
};
