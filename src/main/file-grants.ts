/**
 * The files the engine may read: only those the user chose (the open dialog, a drop, a recent file, a
 * bundled sample). Main hands the page an unguessable token, never a path the page could replace; the
 * utility process turns a token back into a path by asking main, so a compromised page cannot make the
 * engine read ~/.ssh/id_rsa by naming it.
 */
import { randomBytes } from 'node:crypto';
import { basename, isAbsolute } from 'node:path';

/** "grant-<32 hex>/<file name>": the name keeps the page's labels readable; the hex part is the secret. */
const TOKEN = /^grant-[0-9a-f]{32}\/[^/\\]*$/;

/** The utility process's question and main's answer (plain data over the utility's parentPort). */
export interface GrantQuestion { type: 'resolve-grant'; id: number; token: string }
export interface GrantAnswer { type: 'grant'; id: number; path: string | null }

export function isGrantQuestion(data: unknown): data is GrantQuestion {
  const q = data as Partial<GrantQuestion> | null;
  return typeof q === 'object' && q !== null && q.type === 'resolve-grant' && typeof q.id === 'number' && typeof q.token === 'string';
}

export class FileGrants {
  private readonly paths = new Map<string, string>();
  private readonly tokens = new Map<string, string>();

  /** A token for a path the user chose (the same path keeps its token). Only absolute paths are granted. */
  grant(path: string): string {
    if (!isAbsolute(path)) throw new Error('only an absolute path the user chose can be granted');
    const known = this.tokens.get(path);
    if (known) return known;
    const token = `grant-${randomBytes(16).toString('hex')}/${basename(path)}`;
    this.paths.set(token, path);
    this.tokens.set(path, token);
    return token;
  }

  /** The path behind a granted token; null for anything else (a raw path, a guessed or foreign token). */
  pathOf(token: unknown): string | null {
    return typeof token === 'string' && TOKEN.test(token) ? this.paths.get(token) ?? null : null;
  }

  /** Answers a utility process's resolve-grant question through `reply`; ignores other messages. */
  answer(data: unknown, reply: (answer: GrantAnswer) => void): void {
    if (isGrantQuestion(data)) reply({ type: 'grant', id: data.id, path: this.pathOf(data.token) });
  }
}
