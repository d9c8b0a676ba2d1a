import { readFile } from "node:fs/promises";

/** Reads a file's exact bytes, or standard input's when no file (or "-") is given. */
export async function readInput(file: string | undefined): Promise<Buffer> {
  if (file !== undefined && file !== "-") return readFile(file);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
