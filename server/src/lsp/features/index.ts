// Every LSP feature the server offers, one line each. The server announces their capabilities and registers
// their handlers in this order.

import type { Feature } from '../session.js';
import { completionFeature } from './completion.js';
import { hoverFeature } from './hover.js';
import { codeActionsFeature } from './codeActions.js';
import { definitionFeature } from './definition.js';
import { referencesFeature } from './references.js';
import { renameFeature } from './rename.js';
import { symbolsFeature } from './symbols.js';
import { foldingFeature } from './folding.js';
import { lookupPreviewFeature } from './lookupPreview.js';
import { nodePreviewFeature } from './nodePreview.js';
import { clusterFeature } from './cluster.js';
import { documentLinksFeature } from './documentLinks.js';
import { statsFeature } from './stats.js';

export const FEATURES: readonly Feature[] = [
  completionFeature,
  hoverFeature,
  codeActionsFeature,
  definitionFeature,
  referencesFeature,
  renameFeature,
  symbolsFeature,
  foldingFeature,
  lookupPreviewFeature,
  nodePreviewFeature,
  clusterFeature,
  documentLinksFeature,
  statsFeature,
];
