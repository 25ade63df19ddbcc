import type { PropertyInstruction } from '../../model/syntax/index';
import type { Rule, Report } from '../rule';
import { instructionText } from './support';
import * as l10n from '../../l10n';

// BuildKit's SecretsUsedInArgOrEnv matches these words as `_`-separated parts of the name; "public" clears it.
const SECRET_WORDS =
  /(?:^|_)(?:apikey|api_key|auth|credential|credentials|creds|key|passwd|password|pass|pswd|secret|token|private_key)(?:_|$)/i;
// Public keys and key ids (GPG_KEY, *_RELEASE_KEY, *_KEY_IDS in docker-library images), versions (BuildKit's
// allow-list: AUTH_VERSION) and names of places or kinds of secrets are not secrets themselves.
const NOT_SECRET =
  /(?:^|_)(?:public|gpg|pgp|release|version)(?:_|$)|(?:^|_)(?:file|path|dir|url|id|ids|name|user|username|type|length|size|endpoint|fingerprint)$/i;

const SECRET_HINT = /key|auth|cred|pass|pswd|secret|token/i;

export function looksSecret(name: string): boolean {
  return SECRET_WORDS.test(name) && !NOT_SECRET.test(name);
}

// ARG and ENV values are stored in the image config and `docker history`; anyone who pulls the image reads them.
export const secretInArgEnv: Rule = {
  meta: {
    id: 'secret-in-arg-env',
    aliases: ['SecretsUsedInArgOrEnv', 'DL3064'],
    severity: 'warning',
    tags: ['security'],
    summary: 'Do not pass secrets through ARG or ENV: they stay in the image metadata. Use `RUN --mount=type=secret`.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const instruction of model.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'ARG' && keyword !== 'ENV') continue;
      // getProperties() re-parses the arguments: only for instructions that mention a secret-like word.
      if (!SECRET_HINT.test(instructionText(model, instruction))) continue;
      for (const property of (instruction as PropertyInstruction).getProperties()) {
        const name = property.getName();
        if (!looksSecret(name)) continue;
        reports.push({
          range: property.getNameRange(),
          message: l10n.t(
            '{0} "{1}" looks like a secret: {0} values are kept in the image config and build history. Pass it with `docker build --secret id={2},env={1}` and read it in `RUN --mount=type=secret,id={2},env={1} …` instead.',
            keyword,
            name,
            name.toLowerCase(),
          ),
        });
      }
    }
    return reports;
  },
};
