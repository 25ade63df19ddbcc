import type { From } from '../../../model/syntax/index';
import type { DockerfileModel } from '../../../model/dockerfileModel';
import { parentStage } from '../../../model/stages';

/** The image's name with its registry (dockerfile-ast keeps them apart). */
export function fullName(from: From): string {
  const registry = from.getRegistry();
  return `${registry ? `${registry}/` : ''}${from.getImageName()}`;
}

/** FROM instructions that name a real image (not scratch, not an earlier stage, not built from variables). */
export function imageFroms(model: DockerfileModel): From[] {
  return model.stages
    .filter((stage) => {
      const image = stage.from.getImageName();
      return image && image !== 'scratch' && !image.includes('$') && !parentStage(model, stage);
    })
    .map((stage) => stage.from);
}
