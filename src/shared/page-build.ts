/**
 * Build-time helpers for the page (web and Electron renderer builds): the CSP meta, and keeping the
 * page's bundle free of zod. The page needs only the protocol's constants and types; validation
 * happens where messages arrive (the engine host, main). Runtime values the page imports from
 * shared/protocol resolve to protocol-constants; importing anything else there fails the build loudly.
 */
import { CONTENT_SECURITY_POLICY } from './csp';

interface ResolvePlugin {
  name: string;
  enforce: 'pre';
  resolveId(source: string, importer: string | undefined): string | null;
}

/** Page code (src/renderer/**, except the worker's engine host) gets protocol-constants for shared/protocol. */
export function pageProtocolPlugin(constantsFile: string): ResolvePlugin {
  return {
    name: 'backprop-page-protocol',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !/[\\/]src[\\/]renderer[\\/]/.test(importer) || /engine\.worker\.ts$/.test(importer)) return null;
      return /(^|[\\/])shared[\\/]protocol(\.ts)?$/.test(source) ? constantsFile : null;
    },
  };
}

export { CONTENT_SECURITY_POLICY };
