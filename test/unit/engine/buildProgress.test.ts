// Build output parsing, on lines captured from the 20.10 client (classic and BuildKit).
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { BuildOutputParser } from '../../../server/src/core/engine/buildProgress';

const DOCKERFILE = 'FROM busybox AS build\nRUN echo a\nFROM busybox\nENV X=1\nCOPY --from=build /bin/sh /x\nRUN echo $X && exit 3\n';

describe('engine/buildProgress', () => {
  it('classic: Step n/m counts every instruction; the last step started is the one that failed', () => {
    const parser = new BuildOutputParser(parseDockerfile(DOCKERFILE));
    const step = parser.push('Step 5/6 : COPY --from=build /bin/sh /x');
    assert.deepEqual(step, { step: 5, totalSteps: 6, text: 'COPY --from=build /bin/sh /x', line: 5 });
    parser.push('Step 6/6 : RUN echo $X && exit 3');
    parser.push("The command '/bin/sh -c echo $X && exit 3' returned a non-zero code: 3");
    assert.equal(parser.failure()?.line, 6);
    assert.match(parser.errorText!, /non-zero code: 3/);
  });

  it('BuildKit: [stage m/k] per stage, the ERROR vertex names the failing step', () => {
    const parser = new BuildOutputParser(parseDockerfile(DOCKERFILE));
    assert.equal(parser.push('#5 [build 2/2] RUN echo a')?.line, 2);
    assert.equal(parser.push('#6 [stage-1 2/3] COPY --from=build /bin/sh /x')?.line, 5);
    assert.equal(parser.push('#7 [stage-1 3/3] RUN echo 1 && exit 3')?.line, 6);
    parser.push('#5 DONE 0.4s');
    parser.push('#7 ERROR: executor failed running [/bin/sh -c echo $X && exit 3]: exit code: 3');
    assert.equal(parser.failure()?.line, 6);
    assert.match(parser.errorText!, /exit code: 3/);
  });
});
