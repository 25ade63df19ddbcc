// Policy rules from hadolint: version pinning, label schemas and conventions a team may or may not want. Most
// are opt-in (meta.optIn: off until a severity is set in settings or `.hadolint.yaml` override); the label-schema
// ones act only when `.hadolint.yaml` has a `label-schema` or `strict-labels`. Docs in docs/rules/<id>.md.
import type { Rule } from '../rule';
import { aptVersionUnpinned } from './aptVersionUnpinned';
import { pipVersionUnpinned } from './pipVersionUnpinned';
import { npmVersionUnpinned } from './npmVersionUnpinned';
import { apkVersionUnpinned } from './apkVersionUnpinned';
import { gemVersionUnpinned } from './gemVersionUnpinned';
import { yumVersionUnpinned } from './yumVersionUnpinned';
import { zypperVersionUnpinned } from './zypperVersionUnpinned';
import { dnfVersionUnpinned } from './dnfVersionUnpinned';
import { goVersionUnpinned } from './goVersionUnpinned';
import { labelKeyInvalid } from './labelKeyInvalid';
import { labelMissing } from './labelMissing';
import { labelSuperfluous } from './labelSuperfluous';
import { labelEmpty } from './labelEmpty';
import { labelNotUrl } from './labelNotUrl';
import { labelNotRfc3339 } from './labelNotRfc3339';
import { labelNotSpdx } from './labelNotSpdx';
import { labelNotGitHash } from './labelNotGitHash';
import { labelNotSemver } from './labelNotSemver';
import { labelNotEmail } from './labelNotEmail';
import { pointlessCommand } from './pointlessCommand';
import { copyThenExtract } from './copyThenExtract';
import { copyRelativeWithoutWorkdir } from './copyRelativeWithoutWorkdir';
import { wgetNoProgress } from './wgetNoProgress';
import { healthcheckMissing } from './healthcheckMissing';
import { wgetAndCurl } from './wgetAndCurl';
import { inlineIgnorePragma } from './inlineIgnorePragma';
import { distUpgrade } from './distUpgrade';

export const policyRules: Rule[] = [
  aptVersionUnpinned,
  pipVersionUnpinned,
  npmVersionUnpinned,
  apkVersionUnpinned,
  gemVersionUnpinned,
  yumVersionUnpinned,
  zypperVersionUnpinned,
  dnfVersionUnpinned,
  goVersionUnpinned,
  labelKeyInvalid,
  labelMissing,
  labelSuperfluous,
  labelEmpty,
  labelNotUrl,
  labelNotRfc3339,
  labelNotSpdx,
  labelNotGitHash,
  labelNotSemver,
  labelNotEmail,
  pointlessCommand,
  copyThenExtract,
  copyRelativeWithoutWorkdir,
  wgetNoProgress,
  healthcheckMissing,
  wgetAndCurl,
  inlineIgnorePragma,
  distUpgrade,
];
