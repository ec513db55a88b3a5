// Types of scripts/build-preload.mjs, for the tests that import it (the project has no allowJs).
import type { BuildResult } from 'esbuild';

export interface ContractNames {
  methodNames: string[];
  eventNames: string[];
}
export function contractNames(): Promise<ContractNames>;
export function namesModule(names: ContractNames): string;
export function buildPreload(options?: { outfile?: string; entry?: string; logLevel?: 'silent' | 'error' | 'warning' | 'info' }): Promise<BuildResult>;
