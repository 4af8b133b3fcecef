/**
 * The server's limits on appeal images (cloudfunctions/shared/domain/appeal.ts), checked on the phone first so
 * a person hears at once what cannot go; the server checks again, by the file's first bytes.
 */
export const IMAGE_LIMITS = { count: 3, bytes: 5 * 1024 * 1024 } as const;

const EXTENSIONS = ['jpg', 'jpeg', 'png'];

/** The image's extension in lower case when it is a JPEG or PNG by name, else null. */
export function imageExtension(path: string): string | null {
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1].toLowerCase();
  return extension !== undefined && EXTENSIONS.includes(extension) ? extension : null;
}

/** What is wrong with a picked image, or '' when it may be uploaded. */
export function imageProblem(image: { path: string; size: number }): string {
  if (imageExtension(image.path) === null) return '只能上传 JPG 或 PNG 格式的图片';
  if (image.size > IMAGE_LIMITS.bytes) {
    return `每张图片不能超过 ${IMAGE_LIMITS.bytes / 1024 / 1024} MB，这张有 ${(image.size / 1024 / 1024).toFixed(1)} MB`;
  }
  return '';
}

let uploads = 0;

/** Where an image goes in cloud storage: a name of its own in the account's folder, keeping its extension. */
export function imageCloudPath(folder: string, extension: string, now = Date.now()): string {
  uploads += 1;
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  return `${prefix}${now.toString(36)}-${uploads}-${Math.random().toString(36).slice(2, 8)}.${extension}`;
}
