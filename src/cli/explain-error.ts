/**
 * Turns the system errors a user can cause from the command line (a busy port, a missing file, a
 * directory where a file belongs) into a sentence that names the thing and what to do. Anything
 * else keeps its own message.
 */
export function explainError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, path, port, address } = error as NodeJS.ErrnoException & {
    port?: number;
    address?: string;
  };
  switch (code) {
    case "EADDRINUSE":
      return `Port ${port ?? ""} on ${address ?? "this machine"} is already in use: stop the other server or pick another port with --port.`;
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
      return `Cannot listen on that address (${error.message}): check --host.`;
    case "EACCES":
      return path
        ? `Permission denied on ${path}: check the file's owner and mode.`
        : `Permission denied (${error.message}): ports below 1024 need privileges; try --port 3000.`;
    case "ENOENT":
      return `No such file: ${path ?? error.message}.`;
    case "EISDIR":
      return `${path ?? "The path"} is a directory; a file was expected.`;
    case "SQLITE_CANTOPEN":
      return `Cannot open the SQLite database (${error.message}): check the --db path and its folder's permissions.`;
    case "SQLITE_NOTADB":
      return `The --db file is not a SQLite database (${error.message}).`;
    default:
      if (code?.startsWith("ERR_OSSL")) {
        return `Cannot read the TLS certificate or key (${error.message}): --tls-cert and --tls-key take PEM files.`;
      }
      return error.message;
  }
}
