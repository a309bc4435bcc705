/**
 * @module `normalizeUser`: the `user` interface, plus the client IP. SDKs ask the server to fill in the IP in
 * two ways: older ones (and sessions) send `ip_address: '{{auto}}'`, browser v9+ sends
 * `sdk.settings.infer_ip: 'auto'` (only when `sendDefaultPii` is on). Ingest knows the IP; we put it in.
 */

import type { User } from '@faultline/protocol';
import { boundedCopy, setCopy } from './bounded-copy.ts';
import type { FaultLog } from './fault-log.ts';
import { isRecord, readString } from './field-readers.ts';

const AUTO_IP = '{{auto}}';
/** IPv6 with zone id is the longest real form (~45); anything longer isn't an address. */
const MAX_IP_LENGTH = 64;

export function normalizeUser(raw: unknown, faults: FaultLog, clientIp: string | undefined, inferIp: boolean): User | undefined {
  const user: User = {};
  if (isRecord(raw)) {
    for (const key of Object.keys(raw)) {
      const value = raw[key];
      const name = `user.${key}`;
      if (value === undefined || value === null) continue;
      switch (key) {
        case 'id': case 'email': case 'username': case 'name': case 'segment': {
          const text = readString(value, name, faults, 256);
          if (text !== undefined) user[key] = text;
          break;
        }
        case 'ip_address': {
          const ip = readString(value, name, faults, MAX_IP_LENGTH);
          if (ip !== undefined) user.ip_address = ip;
          break;
        }
        case 'geo': case 'data':
          if (isRecord(value)) user[key] = boundedCopy(value, name, faults, 16) as Record<string, unknown>;
          else faults.invalid(name, value);
          break;
        default:
          setCopy(user, key, value, name, faults, 16);
      }
    }
  } else if (raw !== undefined && raw !== null) {
    faults.invalid('user', raw);
  }
  if (user.ip_address === AUTO_IP || (user.ip_address === undefined && inferIp)) {
    if (clientIp) user.ip_address = clientIp;
    else delete user.ip_address; // never store the placeholder itself
  }
  return Object.keys(user).length > 0 ? user : undefined;
}
