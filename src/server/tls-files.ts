import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { err, ok, type Result } from '../core/util/result.ts';

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/**
 * The certificate chain and key, read and tried together now, so that a wrong path, a file that is
 * not PEM or a key of another certificate stops the server at start with the reason, instead of
 * failing every visitor's handshake.
 */
export function readTlsFiles(
  paths: { certPath: string; keyPath: string },
  read: (path: string) => Buffer = readFileSync,
): Result<TlsFiles, string> {
  const files: Partial<TlsFiles> = {};
  for (const [field, name, path] of [
    ['cert', 'TLS_CERT', paths.certPath],
    ['key', 'TLS_KEY', paths.keyPath],
  ] as const) {
    try {
      files[field] = read(path);
    } catch (error) {
      return err(`${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  const { cert, key } = files as TlsFiles;
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    return err(
      `TLS_CERT and TLS_KEY: ${paths.certPath} and ${paths.keyPath} are not a PEM certificate and its key ` +
        `(${(error as Error).message})`,
    );
  }
  return ok({ cert, key });
}
