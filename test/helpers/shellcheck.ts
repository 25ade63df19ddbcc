// The real `shellcheck` binary for the tests that run it (Debian's `shellcheck` package; scripts/setup-test-env.sh
// installs it). Missing: the test fails under CI=true, and elsewhere is skipped with the reason printed.
import { execFileSync } from 'node:child_process';

export function shellcheckInstalled(): boolean {
  try {
    execFileSync('shellcheck', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function requireShellcheck(context: Mocha.Context): void {
  if (shellcheckInstalled()) return;
  const reason = "shellcheck is not on PATH: install Debian's `shellcheck` package (scripts/setup-test-env.sh does).";
  if (process.env.CI === 'true') throw new Error(reason);
  console.warn(`      skipped: ${reason}`);
  context.skip();
}
