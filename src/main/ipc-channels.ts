import { z } from 'zod';
import { CHANNELS } from '../shared/bridge';
import { userDataJson } from './user-data';

const fileName = z.string().min(1).max(255).refine((name) => !/[\\/\0]/.test(name) && name !== '.' && name !== '..', 'a file name, not a path');
const userDataKey = z.enum(['settings', 'runs', 'work']);
/** a grant token as FileGrants makes them ("grant-<32 hex>/<name>"): the page names files by token only */
const grantToken = z.string().regex(/^grant-[0-9a-f]{32}\/[^/\\]{0,255}$/, 'a grant token, not a path');
const MAX_SAVE_BYTES = 512 * 1024 * 1024;
const MAX_USER_DATA_CHARS = 64 * 1024 * 1024;

/** The argument tuple each bridge channel accepts. */
export const channelSchemas = {
  [CHANNELS.connectEngine]: z.tuple([]),
  [CHANNELS.openCsv]: z.tuple([]),
  [CHANNELS.openModel]: z.tuple([]),
  [CHANNELS.samplePath]: z.tuple([z.enum(['iris.csv', 'digits-8x8.csv', 'mnist-10k.csv.gz', 'seed-synthetic-3class.csv'])]),
  [CHANNELS.saveFile]: z.tuple([fileName, z.union([z.string().max(MAX_SAVE_BYTES), z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_SAVE_BYTES, 'too large')])]),
  [CHANNELS.recentFiles]: z.tuple([]),
  [CHANNELS.loadUserData]: z.tuple([userDataKey]),
  [CHANNELS.rememberDataset]: z.tuple([grantToken]),
  [CHANNELS.reopenDataset]: z.tuple([]),
  [CHANNELS.forgetDataset]: z.tuple([]),
  [CHANNELS.saveUserData]: z.tuple([userDataKey, z.unknown().refine((value) => {
    try {
      const text = userDataJson(value); // byte arrays counted as base64, as they are stored
      return text !== undefined && text.length <= MAX_USER_DATA_CHARS;
    } catch {
      return false; // cycles, BigInt
    }
  }, 'must be JSON data under 64 MB')]),
} as const;
