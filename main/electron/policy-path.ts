import path from 'node:path';

/**
 * Where IT puts the machine-wide policy file (settings enforced and locked). A machine-wide folder
 * that ordinary users cannot write, so a cashier cannot lift the policy: ProgramData on Windows,
 * /etc on Linux, the local-domain Application Support folder on macOS.
 */
export function policyFilePath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32') {
    // process.env is case-insensitive on Windows; a plain object (tests, a stand-in) is not.
    const programData = env.ProgramData || env.PROGRAMDATA || 'C:\\ProgramData';
    return path.win32.join(programData, 'Till Companion', 'policy.json');
  }
  if (platform === 'darwin') return '/Library/Application Support/Till Companion/policy.json';
  return '/etc/till-companion/policy.json';
}
