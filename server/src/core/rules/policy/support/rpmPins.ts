// yum and dnf name a version after the package name: `httpd-2.4.57`, `httpd-2.4.57-1.el9`.
import { isPathOrUrl, type PinSpec } from './packagePins';

const VALUE_OPTIONS = ['-c', '--config', '--installroot', '--releasever', '--setopt', '-x', '--exclude', '--repo', '--repoid'];
const REPO_OPTIONS = ['--enablerepo', '--disablerepo'];

/** A package with a version (`name-1.2`), an `.rpm` file, a path, or a group/module (`@core`): nothing to pin. */
export function rpmPinned(operand: string): boolean {
  return /-\d/.test(operand) || operand.endsWith('.rpm') || operand.startsWith('@') || isPathOrUrl(operand);
}

export function rpmSpec(managers: RegExp): PinSpec {
  return { managers, installs: new Set(['install', 'in']), valueOptions: new Set([...VALUE_OPTIONS, ...REPO_OPTIONS]), pinned: rpmPinned };
}
