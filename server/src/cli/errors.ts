// Errors a command reports as "I/O failure" (exit 2): a path that does not exist, a file that cannot be read.

export class IoError extends Error {}
