/**
 * The contract's method and event names, for the sandboxed preload (preload/index.ts).
 *
 * Here they are read from the contract itself: type checks and the tests that import the preload's
 * source run this file. The preload build (scripts/build-preload.mjs) replaces this module with the
 * same names written out as literals, taken from the contract in Node at build time, so the bundled
 * preload carries the names and no zod. test/unit/preload-bundle.test.ts checks that they agree.
 */
export { eventNames, methodNames } from './contract';
