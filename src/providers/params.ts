import * as z from 'zod/mini';
import { array, boolean, enum as oneOf, literal, maxLength, minLength, number, object, optional, pipe, refine, regex, string, transform, union } from 'zod/mini';
import { isHttpsOn } from '../core/url.js';
import type { ParamKit, ParamSchema, Provider } from './provider.js';

/*
 * Checking an element's attributes against its provider's parameters: zod and the helpers below.
 * Fetched with the visitor's click (or a remembered grant), or before the first rendering when the
 * placeholder itself depends on the parameters (a generic provider's company, a box from
 * `height`): a page of placeholders that depend on nothing never loads it.
 */

/** Parameter helpers shared by providers (also for a site's own, as `param` of the JS API). */
export const param = {
  /** An absolute https URL whose host is one of `hosts` (or any host when none are given). */
  httpsUrl: (...hosts: string[]) =>
    z.string().check(z.refine((value) => isHttpsOn(value, hosts), hosts.length ? `must be an https URL on ${hosts.join(' or ')}` : 'must be an absolute https URL')),
  /** A whole number within bounds, given as an attribute string. */
  int: (min: number, max: number) =>
    z.pipe(
      z.string().check(z.regex(/^\d{1,6}$/, 'must be a whole number')),
      z.transform(Number),
    ).check(z.refine((n: number) => n >= min && n <= max, `must be between ${min} and ${max}`)),
  /** A plain text of at most `max` characters. */
  text: (max: number) => z.string().check(z.maxLength(max)),
  /** A boolean attribute: present (any value but "false") means true. */
  flag: () => z.pipe(z.optional(z.string()), z.transform((v) => v !== undefined && v !== 'false')),
};

// The functions a provider's schema may use, imported one by one: handing over the namespace
// would keep all of zod in the bundle (nothing could be left out).
const kit: ParamKit = { z: { array, boolean, enum: oneOf, literal, maxLength, minLength, number, object, optional, pipe, refine, regex, string, transform, union }, param };
const schemas = new WeakMap<object, ParamSchema<unknown>>();

/** The provider's parameter schema: built on first use when `params` is a function of the kit. */
export function schemaOf<P>(provider: Provider<P>): ParamSchema<P> {
  const { params } = provider;
  if (typeof params !== 'function') return params;
  let schema = schemas.get(provider) as ParamSchema<P> | undefined;
  if (!schema) schemas.set(provider, (schema = params(kit)));
  return schema;
}

/** The element's attributes as the provider's parameters, or why they are not. */
export function checkParams<P>(provider: Provider<P>, attributes: Record<string, string>): { data: P } | { reasons: string } {
  let result: ReturnType<ParamSchema<P>['safeParse']>;
  try {
    result = schemaOf(provider).safeParse(attributes);
  } catch (e) {
    // A site's `params` function that throws, or returns something else than a schema.
    return { reasons: `its provider's params could not check them (${(e as Error).message})` };
  }
  if (result.success) return { data: result.data };
  return { reasons: result.error.issues.map((i) => `"${i.path.join('.') || '(attributes)'}" ${i.message === 'Invalid input' ? 'is missing or invalid' : i.message}`).join('; ') };
}
