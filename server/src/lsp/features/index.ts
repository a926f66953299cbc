// Every LSP feature the server offers, one line each. The server announces their capabilities and registers
// their handlers in this order.

import type { Feature } from '../session.js';
import { completionFeature } from './completion.js';
import { hoverFeature } from './hover.js';
import { codeActionsFeature } from './codeActions.js';

export const FEATURES: readonly Feature[] = [
  completionFeature,
  hoverFeature,
  codeActionsFeature,
];
