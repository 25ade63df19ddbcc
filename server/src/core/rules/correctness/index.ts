// Correctness, security and style rules (hadolint and BuildKit check parity). One module per rule, named
// after its id; shared helpers in support/; docs in docs/rules/<id>.md, parity in docs/rules/parity.md.
// What dockerfile-utils reports as a syntax error (ONBUILD FROM, COPY with several
// sources into a non-folder, non-numeric EXPOSE ports) is not repeated here: see config/syntaxChecks.ts.
import type { Rule } from '../rule';
import { addInsteadOfCopy } from './addInsteadOfCopy';
import { numericStageRef } from './numericStageRef';
import { latestTag } from './latestTag';
import { untaggedImage } from './untaggedImage';
import { secretInArgEnv } from './secretInArgEnv';
import { rootUser } from './rootUser';
import { fromAsCasing } from './fromAsCasing';
import { stageNameCasing } from './stageNameCasing';
import { duplicateStageName } from './duplicateStageName';
import { reservedStageName } from './reservedStageName';
import { instructionCasing } from './instructionCasing';
import { undefinedArgInFrom } from './undefinedArgInFrom';
import { invalidDefaultArgInFrom } from './invalidDefaultArgInFrom';
import { undefinedVar } from './undefinedVar';
import { jsonArgsRecommended } from './jsonArgsRecommended';
import { maintainerDeprecated } from './maintainerDeprecated';
import { workdirRelative } from './workdirRelative';
import { multipleCmdEntrypoint } from './multipleCmdEntrypoint';
import { legacyKeyValueFormat } from './legacyKeyValueFormat';
import { exposeInvalid } from './exposeInvalid';
import { emptyContinuation } from './emptyContinuation';
import { copyFromStage } from './copyFromStage';
import { fromPlatformFlag } from './fromPlatformFlag';
import { pipefailMissing } from './pipefailMissing';
import { cdInRun } from './cdInRun';
import { sudoInRun } from './sudoInRun';
import { aptInsteadOfAptGet } from './aptInsteadOfAptGet';
import { useraddHighUid } from './useraddHighUid';
import { missingAssumeYes } from './missingAssumeYes';
import { envSelfReference } from './envSelfReference';
import { shellSymlink } from './shellSymlink';
import { untrustedRegistry } from './untrustedRegistry';
import { copyIgnoredFile } from './copyIgnoredFile';
import { unreachableStage } from './unreachableStage';

export const correctnessRules: Rule[] = [
  addInsteadOfCopy,
  numericStageRef,
  latestTag,
  untaggedImage,
  secretInArgEnv,
  rootUser,
  fromAsCasing,
  stageNameCasing,
  duplicateStageName,
  reservedStageName,
  instructionCasing,
  undefinedArgInFrom,
  invalidDefaultArgInFrom,
  undefinedVar,
  jsonArgsRecommended,
  maintainerDeprecated,
  workdirRelative,
  multipleCmdEntrypoint,
  legacyKeyValueFormat,
  exposeInvalid,
  emptyContinuation,
  copyFromStage,
  fromPlatformFlag,
  envSelfReference,
  untrustedRegistry,
  copyIgnoredFile,
  unreachableStage,
  // Rules that read RUN scripts through the shell layer (await initShellParser() before analysing).
  pipefailMissing,
  cdInRun,
  sudoInRun,
  aptInsteadOfAptGet,
  useraddHighUid,
  missingAssumeYes,
  shellSymlink,
];
