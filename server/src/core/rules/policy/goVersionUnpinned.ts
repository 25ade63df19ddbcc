import type { Rule } from '../rule';
import { unpinnedReports, type PinSpec } from './support/packagePins';
import * as l10n from '../../l10n';

const GO: PinSpec = {
  managers: /^go$/,
  installs: new Set(['install', 'get']),
  valueOptions: new Set([
    '-o',
    '-p',
    '-C',
    '-ldflags',
    '-gcflags',
    '-asmflags',
    '-tags',
    '-mod',
    '-modfile',
    '-pkgdir',
    '-overlay',
    '-pgo',
    '-toolexec',
  ]),
  // `pkg@v1.2.3` (`@latest` is not a pin); local packages (`.`, `./cmd/...`) come from the build context.
  pinned: (p) => (p.includes('@') && !p.endsWith('@latest')) || p.startsWith('.') || p.startsWith('/'),
};

// hadolint DL3062, opt-in: `go install pkg` without `@version` needs a go.mod, and `@latest` moves.
export const goVersionUnpinned: Rule = {
  meta: {
    id: 'go-version-unpinned',
    aliases: ['DL3062'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Pin versions in go install / go get (`pkg@<version>`); opt-in.',
    optIn: true,
  },
  check(model) {
    return unpinnedReports(model, /\bgo\b/, GO, (names) =>
      l10n.t('Pin the versions of these Go packages: {0} (go install <package>@<version>).', names),
    );
  },
};
