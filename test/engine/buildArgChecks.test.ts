// Do the build args a Compose file passes silence BuildKit's UndefinedVar, UndefinedArgInFrom and
// InvalidDefaultArgInFrom? Asked of the engine, not assumed: Docker 28's BuildKit checks each Dockerfile
// (`docker buildx build --call check,format=json`) with and without the args, then builds it with them, and
// Layerwise lints the same file with and without a compose.yaml passing them. BuildKit silences none of the
// three and an arg no ARG of the stage declares expands to nothing, so Layerwise's findings must not change.
import * as assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { engineClient, engines, newerEnginesRunDir, requireBase } from './engineMatrix';
import { makeContext } from './engineFixtures';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const CHECKS = new Set(['UndefinedVar', 'UndefinedArgInFrom', 'InvalidDefaultArgInFrom']);

interface Case {
  name: string;
  dockerfile: (base: string) => string;
  args: Record<string, string>;
}

const CASES: Case[] = [
  {
    name: 'a global ARG the stage does not re-declare',
    dockerfile: (base) => `ARG G\nFROM ${base}\nENV A=$G\nRUN echo "A=[$A]"\n`,
    args: { G: '1' },
  },
  {
    name: 'a misspelt ARG',
    dockerfile: (base) => `FROM ${base}\nARG VERSION=1\nENV A=$VERSON\nRUN echo "A=[$A]"\n`,
    args: { VERSON: '2' },
  },
  {
    name: 'FROM ${IMG} with no ARG IMG',
    dockerfile: () => 'FROM ${IMG}\nRUN echo built\n',
    args: { IMG: 'BASE' },
  },
  {
    name: 'FROM ${IMG} with a global ARG IMG without default',
    dockerfile: () => 'ARG IMG\nFROM ${IMG}\nRUN echo "built from [$IMG]"\n',
    args: { IMG: 'BASE' },
  },
];

type Finding = [check: string, line: number];

function sorted(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}

for (const engine of engines().filter((e) => e.name === 'docker28'))
  describe(`[${engine.name}] build args against BuildKit's own UndefinedVar / UndefinedArgInFrom / InvalidDefaultArgInFrom`, function () {
    this.timeout(600_000);
    let env: NodeJS.ProcessEnv;
    let base: string;

    before(async function () {
      await engineClient(engine, this);
      base = await requireBase(engine, 'busybox', this);
      const buildx = engine.buildx ?? path.join(newerEnginesRunDir(), 'docker-buildx');
      if (!fs.existsSync(buildx))
        throw new Error(`no buildx at ${buildx}: run "sudo bash scripts/setup-test-env.sh" (newer-engines.sh installs it)`);
      const config = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-buildx-config-'));
      fs.mkdirSync(path.join(config, 'cli-plugins'));
      fs.symlinkSync(buildx, path.join(config, 'cli-plugins', 'docker-buildx'));
      env = { ...engine.env, DOCKER_CONFIG: config };
      if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
    });

    const buildArgs = (args: Record<string, string>) => Object.entries(args).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]);

    function buildx(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
      return new Promise((resolve) =>
        execFile('docker', ['buildx', ...args], { env, encoding: 'utf8', maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
      );
    }

    /** BuildKit's findings of the three checks: `--call check` prints them as JSON whether or not any is found. */
    async function engineFindings(dir: string, args: Record<string, string>): Promise<Finding[]> {
      const result = await buildx(['build', '--call', 'check,format=json', ...buildArgs(args), dir]);
      let report: { warnings?: { ruleName: string; location?: { ranges?: { start: { line: number } }[] } }[] };
      try {
        report = JSON.parse(result.stdout);
      } catch {
        throw new Error(`buildx --call check printed no JSON (exit ${result.code}): ${result.stderr}`);
      }
      return sorted(
        (report.warnings ?? [])
          .filter((w) => CHECKS.has(w.ruleName))
          .map((w): Finding => [w.ruleName, w.location?.ranges?.[0]?.start.line ?? 0]),
      );
    }

    /** Layerwise's findings of its rules that carry those checks' names (aliases). */
    function ourFindings(dockerfile: string): Finding[] {
      const result = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', dockerfile], { encoding: 'utf8', env });
      assert.ok(result.status === 0 || result.status === 1, result.stderr);
      const files = JSON.parse(result.stdout) as { diagnostics: { aliases: string[]; line: number }[] }[];
      return sorted(
        files.flatMap((f) => f.diagnostics.flatMap((d) => d.aliases.filter((a) => CHECKS.has(a)).map((a): Finding => [a, d.line]))),
      );
    }

    for (const testCase of CASES)
      it(`${testCase.name}: passing it as a build arg silences nothing, in BuildKit or in Layerwise`, async () => {
        const args = Object.fromEntries(Object.entries(testCase.args).map(([k, v]) => [k, v === 'BASE' ? base : v]));
        const dir = makeContext({ Dockerfile: testCase.dockerfile(base) });
        const dockerfile = path.join(dir, 'Dockerfile');

        const engineWithout = await engineFindings(dir, {});
        const engineWith = await engineFindings(dir, args);
        assert.ok(engineWithout.length > 0, `BuildKit finds something to silence: ${JSON.stringify(engineWithout)}`);
        assert.deepEqual(engineWith, engineWithout, 'BuildKit: the build args silence none of its checks');

        const oursWithout = ourFindings(dockerfile);
        fs.mkdirSync(path.join(dir, '.git'));
        const composeArgs = Object.entries(args).map(([k, v]) => `        ${k}: "${v}"`);
        fs.writeFileSync(
          path.join(dir, 'compose.yaml'),
          ['services:', '  app:', '    build:', '      context: .', '      args:', ...composeArgs, ''].join('\n'),
        );
        const oursWith = ourFindings(dockerfile);
        assert.deepEqual(oursWith, oursWithout, "Layerwise: the compose.yaml's args silence nothing either");
        assert.deepEqual(oursWith, engineWith, 'Layerwise reports what BuildKit reports');

        // What the build does with the arg: a value for the global ARG the FROM uses; nothing for an undeclared one.
        const build = await buildx(['build', '--no-cache', '--progress=plain', ...buildArgs(args), dir]);
        const log = build.stdout + build.stderr;
        if (/ENV A=/.test(testCase.dockerfile(base))) {
          assert.equal(build.code, 0, log);
          assert.match(log, /\d A=\[\]\n/, 'the arg expands to nothing: no ARG of the stage declares it');
        } else if (testCase.dockerfile(base).startsWith('ARG IMG')) {
          assert.equal(build.code, 0, log);
          assert.match(log, /\d built from \[\]\n/, 'the global ARG gives the FROM its value, and the stage nothing');
        } else {
          assert.notEqual(build.code, 0, log);
          assert.match(log, /base name \(\$\{IMG\}\) should not be blank/, 'an undeclared FROM arg is never filled in');
        }
      });
  });
