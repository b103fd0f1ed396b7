import Cookies from 'js-cookie';
import type { CookieStorage } from '../core/storage.js';

/**
 * The production {@link CookieStorage}: one first-party cookie through js-cookie,
 * `SameSite=Lax`, `path=/`, `Secure` whenever the page is served over https.
 */
export function cookieStorage(secure = globalThis.location?.protocol === 'https:'): CookieStorage {
  const attributes = { path: '/', sameSite: 'Lax', secure } as const;
  return {
    read: (name) => Cookies.get(name),
    write: (name, value, days) => void Cookies.set(name, value, { ...attributes, expires: days }),
    remove: (name) => Cookies.remove(name, attributes),
  };
}
