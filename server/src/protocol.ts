// Custom protocol messages shared by the language server and the VS Code client. The client imports only this
// file from the server's sources.

/** Sent by the server when it has (re)loaded the workspace: how many files of each kind it serves. */
export const SERVER_STATUS_NOTIFICATION = 'mesosPuppet/serverStatus';

export interface ServerStatus {
  readonly roots: readonly string[];
  readonly message: string;
}
