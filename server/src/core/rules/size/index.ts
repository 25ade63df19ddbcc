// Size, layering and build-cache rules, one module each (docs in docs/rules/<id>.md).
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

export const sizeRules: Rule[] = [
  cleanupInLaterLayer, consecutiveRun, aptUpdateAlone, aptListsNotRemoved, aptInstallRecommends, apkNoCache,
  pipNoCacheDir, packageCacheNotCleaned, copyBeforeDeps, useMultiStage, missingDockerignore, largeBaseImage,
];
