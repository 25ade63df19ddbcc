// The shell parser for commands that want it loaded before they run (everything but lint and fix, which load it
// only when a RUN needs it). Its own bundle, dist/cli-shellParser.js; the loaded parser is shared by every bundle.
export { initShellParser } from '../core/shell/parser';
