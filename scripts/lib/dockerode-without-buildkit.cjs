// esbuild plugin for scripts/build.mjs. dockerode loads BuildKit's session (gRPC: @grpc/grpc-js, proto-loader)
// and progress decoder (protobufjs) for `buildImage({ version: '2' })` and `docker.followProgress()`, which
// Layerwise never calls: its builds use the classic builder API and its own progress parser. Those ~800 KB stay
// out of the bundles; each of the two dockerode modules is replaced by one that fails with a clear message if it
// is ever called. test/unit/infra/bundle.test.ts checks both halves.
const LEFT_OUT =
  'is left out of the Layerwise bundle (scripts/lib/dockerode-without-buildkit.cjs): Layerwise does not use BuildKit sessions';

const REPLACEMENTS = {
  './session': `module.exports = function withSession(docker, auth, handler) {
  handler(new Error('dockerode BuildKit session ${LEFT_OUT}'), null, () => undefined);
};`,
  './buildkit': `module.exports = { followProgress() { throw new Error('dockerode BuildKit progress ${LEFT_OUT}'); } };`,
};

/** @type {import('esbuild').Plugin} */
module.exports = {
  name: 'dockerode-without-buildkit',
  setup(build) {
    build.onResolve({ filter: /^\.\/(session|buildkit)$/ }, (args) =>
      /[\\/]dockerode[\\/]lib$/.test(args.resolveDir) ? { path: args.path, namespace: 'dockerode-left-out' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'dockerode-left-out' }, (args) => ({ loader: 'js', contents: REPLACEMENTS[args.path] }));
  },
};
