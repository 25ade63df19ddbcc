import type { Copy, Flag } from '../../../model/syntax/index';
import type { DockerfileModel } from '../../../model/dockerfileModel';
import type { Range } from '../../../types';

/** Every place a stage name is used: `FROM <name>`, `COPY --from=<name>`, `RUN --mount=…,from=<name>`. */
export function stageReferences(model: DockerfileModel, lowerName: string): Range[] {
  const ranges: Range[] = [];
  for (const stage of model.stages) {
    if (
      stage.from.getImageName()?.toLowerCase() === lowerName &&
      !stage.from.getRegistry() &&
      !stage.from.getImageTag() &&
      !stage.from.getImageDigest()
    ) {
      const r = stage.from.getImageNameRange();
      if (r) ranges.push(r);
    }
  }
  for (const instruction of model.instructions) {
    const keyword = instruction.getKeyword();
    if (keyword === 'COPY') {
      const flag = (instruction as Copy).getFromFlag();
      if (flag?.getValue()?.toLowerCase() === lowerName && flag.getValueRange()) ranges.push(flag.getValueRange()!);
    } else if (keyword === 'RUN') {
      for (const flag of (instruction as unknown as { getFlags(): Flag[] }).getFlags()) {
        if (flag.getName() !== 'mount') continue;
        for (const option of flag.getOptions()) {
          if (option.getName() === 'from' && option.getValue()?.toLowerCase() === lowerName && option.getValueRange())
            ranges.push(option.getValueRange()!);
        }
      }
    }
  }
  return ranges;
}
