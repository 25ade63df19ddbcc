import { UsageError } from './usage';

export async function analyzeCommand(_argv: string[]): Promise<number> {
  throw new UsageError('"analyze" is not available in this build yet');
}
