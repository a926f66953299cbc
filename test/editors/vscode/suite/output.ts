// Output of the extension-host suite. Run from the command line, VS Code passes extension-host console output to
// the workbench's log service, where it looks just like the workbench's own log lines (and a first argument that
// is not a string is dropped). Lines written here are formatted first and carry a tag by which the `code` shim
// (../code) picks them out of the browser console and prints them. The extension host's console methods cannot be
// replaced (VS Code pins them), so mocha's reporter is pointed here instead. Keep the tag in sync with the shim.
import { format } from 'node:util';

export const consoleTag = '[extension host] ';

export function testLog(...args: unknown[]): void {
  console.log(consoleTag + format(...args));
}
