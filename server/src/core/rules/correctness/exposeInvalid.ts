import type { Rule, Report } from '../rule';
import type { Range } from '../../types';
import * as l10n from '../../l10n';

const PORT = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/;

// BuildKit's ExposeInvalidFormat and ExposeProtoCasing, hadolint DL3011: EXPOSE takes container ports
// (0–65535, optionally /tcp, /udp or /sctp); host IPs and host ports belong to `docker run -p`.
export const exposeInvalid: Rule = {
  meta: {
    id: 'expose-invalid',
    aliases: ['ExposeInvalidFormat', 'ExposeProtoCasing', 'DL3011'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'EXPOSE takes container ports 0–65535 with an optional lower-case protocol, no host part.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const instruction of model.instructions) {
      if (instruction.getKeyword() !== 'EXPOSE') continue;
      for (const argument of instruction.getArguments()) {
        const value = argument.getValue();
        const range: Range = argument.getRange();
        if (value.includes('$')) continue;
        // `0.0.0.0:8080:80/tcp`, `8080:80`: only the last part is the container's port.
        const colon = value.lastIndexOf(':');
        if (colon !== -1) {
          const containerPort = value.slice(colon + 1);
          reports.push({
            range,
            message:
              colon === value.indexOf(':')
                ? l10n.t(
                    "EXPOSE '{0}' includes a host port: EXPOSE only declares container ports; publish with `docker run -p {0}`.",
                    value,
                  )
                : l10n.t(
                    "EXPOSE '{0}' includes a host address and port: EXPOSE only declares container ports; publish with `docker run -p {0}`.",
                    value,
                  ),
            fixes: PORT.test(containerPort)
              ? [{ title: l10n.t('Expose {0}', containerPort), safe: true, edits: [{ range, newText: containerPort }] }]
              : [],
          });
          continue;
        }
        const match = PORT.exec(value);
        // Anything else is not a port at all: dockerfile-utils reports that as a syntax error.
        if (!match) continue;
        const [, from, to, proto] = match;
        if (Number(from) > 65535 || (to !== undefined && Number(to) > 65535)) {
          reports.push({
            range,
            message: l10n.t('Port {0} is out of range: valid ports are 0 to 65535.', to !== undefined && Number(to) > 65535 ? to : from),
          });
        } else if (proto !== undefined && !/^(tcp|udp|sctp)$/i.test(proto)) {
          reports.push({ range, message: l10n.t("Unknown protocol '{0}': use tcp, udp or sctp.", proto) });
        } else if (proto !== undefined && proto !== proto.toLowerCase()) {
          const fixed = value.replace(/\/\w+$/, `/${proto.toLowerCase()}`);
          reports.push({
            range,
            message: l10n.t("Protocol '{0}' should be lower case.", proto),
            fixes: [{ title: l10n.t('Write {0}', fixed), safe: true, edits: [{ range, newText: fixed }] }],
          });
        }
      }
    }
    return reports;
  },
};
