import * as assert from 'node:assert/strict';
import { assertFixes, lines } from '../harness';

describe('undefined-var', () => {
  it('reports a global ARG used in a stage without re-declaring it', () => {
    assertFixes('undefined-var', 'ARG VERSION=1\nFROM a:1\nENV V=${VERSION}\n', 'ARG VERSION=1\nFROM a:1\nARG VERSION\nENV V=${VERSION}\n');
  });
  it('reports likely typos of declared names', () => {
    assert.deepEqual(lines('undefined-var', 'FROM a:1\nENV APP_HOME=/app\nWORKDIR $APP_HOEM\nCOPY . $APP_HOME\n'), [3]);
  });
  it('stays quiet on base-image variables, defaults, RUN and inherited ENV', () => {
    const text =
      'FROM a:1 AS base\nENV APP=/app\nFROM base\nWORKDIR $APP\nENV PATH=$PATH:/x JAVA=$JAVA_HOME\nRUN echo $UNDEFINED_IN_SHELL\nCOPY x ${DEST:-/d}\nARG VERSION\nLABEL v=$VERSION\n';
    assert.deepEqual(lines('undefined-var', text), []);
  });
  it('inherits the ARGs declared in the stage it is built FROM, as BuildKit does', () => {
    const text =
      'ARG VERSION=1\nFROM a:1 AS base\nARG VERSION\nARG FLAVOR=x\nFROM base\nLABEL v=$VERSION f=$FLAVOR\nFROM b:1\nLABEL v=$VERSION\n';
    assert.deepEqual(lines('undefined-var', text), [8]);
  });
});
