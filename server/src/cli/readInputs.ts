// Reads the files named on the command line. An unreadable file is reported and the others go on.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface InputFile { file: string; text: string }

export function readInputs(files: string[], onError: (message: string) => void): InputFile[] {
  const inputs: InputFile[] = [];
  for (const file of files) {
    try {
      if (file === '-') { inputs.push({ file: '<stdin>', text: fs.readFileSync(0, 'utf8') }); continue; }
      if (fs.statSync(file).isDirectory()) { onError(`${file}: is a directory`); continue; }
      inputs.push({ file, text: fs.readFileSync(file, 'utf8') });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      onError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
    }
  }
  return inputs;
}

/** Whether the build context of a Dockerfile on disk has a `.dockerignore`. */
export function dockerignoreExistsFor(file: string): boolean | undefined {
  if (file === '<stdin>') return undefined;
  return fs.existsSync(path.join(path.dirname(file), '.dockerignore')) || fs.existsSync(`${file}.dockerignore`);
}
