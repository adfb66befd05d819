// Uploaded tile images: sent as base64 in JSON (the SDK's bodies are JSON), checked by their first bytes.

/** The largest image accepted. */
export const MAX_IMAGE_BYTES = 256 * 1024;

const SIGNATURES: Array<{ mime: string; test: (b: Buffer) => boolean }> = [
  { mime: 'image/png', test: (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/jpeg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/gif', test: (b) => b.length > 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1')) },
  { mime: 'image/webp', test: (b) => b.length > 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { mime: 'image/x-icon', test: (b) => b.length > 4 && b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0 },
];

/** The image's type from its first bytes, or an error a person can act on. */
export function checkImage(base64: string): { mime: string; bytes: Buffer } | { error: string } {
  const clean = base64.replace(/^data:[^,]*,/, '');
  if (!/^[A-Za-z0-9+/=\s]*$/.test(clean)) return { error: 'The image could not be read: upload the file again' };
  const bytes = Buffer.from(clean, 'base64');
  if (bytes.length === 0) return { error: 'The file is empty: choose an image' };
  if (bytes.length > MAX_IMAGE_BYTES) return { error: `The image is ${Math.ceil(bytes.length / 1024)} KB; use one of at most ${MAX_IMAGE_BYTES / 1024} KB` };
  const found = SIGNATURES.find((s) => s.test(bytes));
  if (!found) return { error: 'This is not a PNG, JPEG, GIF, WebP or ICO image (SVG is not accepted: it can carry scripts)' };
  return { mime: found.mime, bytes };
}
