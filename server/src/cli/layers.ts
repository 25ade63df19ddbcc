import { UsageError } from './usage';

export async function layersCommand(_argv: string[]): Promise<number> {
  throw new UsageError('"layers" is not available in this build yet');
}
