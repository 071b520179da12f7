// Who ran a step, for the history table.
import { hostname, userInfo } from 'node:os';
import { TOOL_VERSION } from '../../../shared/model/tool.ts';

export interface Identity {
  readonly user: string;
  readonly host: string;
  readonly toolVersion: string;
}

export function defaultIdentity(): Identity {
  let user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep the environment's idea of the user.
  }
  return { user, host: hostname(), toolVersion: TOOL_VERSION };
}
