// How a project builds a Dockerfile, as its build files say: the context, target, build args and image tags
// of a Compose service or a Bake target. Plain data for the rules, the lenses and Build image.

export interface Invocation {
  /** Where it comes from: `compose.yaml#api`, `docker-bake.json#app`. */
  source: string;
  /** Absolute paths. */
  dockerfile: string;
  context: string;
  target?: string;
  args: Record<string, string>;
  /** The tags the build gives the image, first the one a person would name. */
  images: string[];
}

export class InvocationFileError extends Error {}
