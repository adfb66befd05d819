import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readEnv } from '../config.js';

const VERSION = 'v1';

/** AES-256-GCM for secrets admins enter (plugin settings): `{"$enc": "v1:iv:tag:ciphertext"}` in plugins.json. */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** The key from ENCRYPTION_KEY / ENCRYPTION_KEY_FILE (32 bytes, base64 or hex), else `DATA_DIR/encryption.key`, made on first start. */
  static async load(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<SecretBox> {
    const given = readEnv('ENCRYPTION_KEY', env);
    if (given) return new SecretBox(parseKey(given, 'ENCRYPTION_KEY'));
    const file = join(dataDir, 'encryption.key');
    try {
      return new SecretBox(parseKey((await readFile(file, 'utf8')).trim(), file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await mkdir(dataDir, { recursive: true });
    const key = randomBytes(32);
    await writeFile(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' }).catch(async (err) => {
      if (err.code !== 'EEXIST') throw err; // another process made it first: use theirs
    });
    await chmod(file, 0o600);
    return new SecretBox(parseKey((await readFile(file, 'utf8')).trim(), file));
  }

  /** The key if one is configured or already made; never makes one (for the CLI). */
  static async existing(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<SecretBox | undefined> {
    const given = readEnv('ENCRYPTION_KEY', env);
    if (given) return new SecretBox(parseKey(given, 'ENCRYPTION_KEY'));
    const file = join(dataDir, 'encryption.key');
    const text = await readFile(file, 'utf8').catch(() => undefined);
    return text ? new SecretBox(parseKey(text.trim(), file)) : undefined;
  }

  static fromKey(key: Buffer): SecretBox {
    return new SecretBox(key);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
  }

  /** Throws when the value was not made with this key or was tampered with. */
  decrypt(sealed: string): string {
    const [version, iv, tag, data] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('not an encrypted value of this MediaNest');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}

function parseKey(text: string, where: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${where} must hold 32 bytes (base64 or hex), e.g. from \`openssl rand -base64 32\``);
  return key;
}
