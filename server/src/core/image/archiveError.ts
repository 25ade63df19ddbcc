// The one error type of the image analysis: its message is meant for users, as is.
export class ImageArchiveError extends Error {
  override name = 'ImageArchiveError';
}
