import type { Rule } from '../rule';
import { allLabelPairs } from './support/labels';
import * as l10n from '../../l10n';

// Docker's guidelines for label keys: the namespaces com.docker.*, io.docker.* and org.dockerproject.* are
// reserved; keys are lower-case letters, digits, dots and dashes, begin and end with a letter or digit, and
// have no doubled separators.
const RESERVED = /^(com\.docker\.|io\.docker\.|org\.dockerproject\.)/;
const SHAPE = /^[a-z0-9](?:[a-z0-9]|[.-](?![.-]))*[a-z0-9]$|^[a-z0-9]$/;

// hadolint DL3048, opt-in: a style rule (hadolint reports it as style); many images carry `Maintainer` or
// `Description` keys that tools read fine, so it is noise unless the team wants the guideline.
export const labelKeyInvalid: Rule = {
  meta: {
    id: 'label-key-invalid',
    aliases: ['DL3048'],
    severity: 'hint',
    tags: ['style'],
    summary: "Label keys follow Docker's guidelines (lower case, no reserved namespace); opt-in.",
    optIn: true,
  },
  check(model) {
    return allLabelPairs(model)
      .filter((p) => !p.name.includes('$') && (RESERVED.test(p.name) || !SHAPE.test(p.name)))
      .map((p) => ({
        range: p.nameRange,
        message: RESERVED.test(p.name)
          ? l10n.t('Label key {0} uses a namespace Docker reserves (com.docker., io.docker., org.dockerproject.).', p.name)
          : l10n.t(
              'Label key {0} should be lower-case letters, digits, dots and dashes, starting and ending with a letter or digit.',
              p.name,
            ),
      }));
  },
};
