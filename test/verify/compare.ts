// What may differ between the image of the original Dockerfile and that of the fixed one: the comparison lives
// in server/src/core/proof (the CLI's `fix --prove` uses it too); the harness reads it from there.
export { isUnder, VOLATILE, diffFilesystems, type FsExpectation, type FsDiff } from '../../server/src/core/proof/fsDiff';
export { CONFIG_FIELDS, diffConfig } from '../../server/src/core/proof/config';
