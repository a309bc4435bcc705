/**
 * @module `deriveTags`: the tags Sentry adds from event fields so they can be searched and faceted like any
 * other tag (`level:error`, `browser.name:Chrome`, `handled:no`, `user:id:42`). They replace a user tag of the
 * same key: the `environment` tag must say what the `environment` field says.
 */

import type { NormalizedEvent } from '@faultline/protocol';
import { toTagValue } from './normalize-tags.ts';

export function deriveTags(event: NormalizedEvent): [string, string][] {
  const tags: [string, string][] = [];
  const add = (key: string, value: unknown): void => {
    if (typeof value !== 'string') return;
    const text = toTagValue(value);
    if (text !== undefined) tags.push([key, text]);
  };
  add('level', event.level);
  add('environment', event.environment);
  add('release', event.release);
  add('dist', event.dist);
  add('transaction', event.transaction);
  add('server_name', event.server_name);
  add('logger', event.logger);

  const values = event.exception?.values;
  const mechanism = values?.[values.length - 1]?.mechanism;
  if (mechanism) {
    add('mechanism', mechanism.type);
    if (typeof mechanism.handled === 'boolean') add('handled', mechanism.handled ? 'yes' : 'no');
  }

  const user = event.user;
  if (user) {
    const id = user.id ?? undefined;
    if (id !== undefined) add('user', `id:${id}`);
    else if (user.email) add('user', `email:${user.email}`);
    else if (user.username) add('user', `username:${user.username}`);
    else if (user.ip_address) add('user', `ip:${user.ip_address}`);
  }

  const url = event.request?.url;
  if (url !== undefined) add('url', withoutQuery(url));

  addNamedContext(add, 'browser', event.contexts.browser);
  addNamedContext(add, 'os', event.contexts.os);
  const device = event.contexts.device;
  if (device) add('device', typeof device.model === 'string' ? device.model : device.family);
  addNamedContext(add, 'runtime', event.contexts.runtime);
  return tags;
}

/** `browser: "Chrome 131.0.0"` and `browser.name: "Chrome"`, likewise for os and runtime. */
function addNamedContext(add: (key: string, value: unknown) => void, key: string, context: Record<string, unknown> | undefined): void {
  if (!context || typeof context.name !== 'string') return;
  const version = typeof context.version === 'string' ? context.version.trim() : '';
  add(key, version ? `${context.name} ${version}` : context.name);
  add(`${key}.name`, context.name);
}

function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}
