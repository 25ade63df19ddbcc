// Size, layering and build-cache rules, one module per rule named after its id (docs in docs/rules/<id>.md);
// the helpers they share (RUN editing, merging, multi-stage conversions, project prefetch) live in support/.
import type { Rule } from '../rule';
import { cleanupInLaterLayer } from './cleanupInLaterLayer';
import { consecutiveRun } from './consecutiveRun';
import { aptUpdateAlone } from './aptUpdateAlone';
import { aptListsNotRemoved } from './aptListsNotRemoved';
import { aptInstallRecommends } from './aptInstallRecommends';
import { apkNoCache } from './apkNoCache';
import { pipNoCacheDir } from './pipNoCacheDir';
import { packageCacheNotCleaned } from './packageCacheNotCleaned';
import { copyBeforeDeps } from './copyBeforeDeps';
import { useMultiStage } from './useMultiStage';
import { missingDockerignore } from './missingDockerignore';
import { largeBaseImage } from './largeBaseImage';
import { packageCacheMount } from './packageCacheMount';

export const sizeRules: Rule[] = [
  cleanupInLaterLayer,
  consecutiveRun,
  aptUpdateAlone,
  aptListsNotRemoved,
  aptInstallRecommends,
  apkNoCache,
  pipNoCacheDir,
  packageCacheNotCleaned,
  copyBeforeDeps,
  useMultiStage,
  missingDockerignore,
  largeBaseImage,
  packageCacheMount,
];
