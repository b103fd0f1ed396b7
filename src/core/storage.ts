/** Where the consent store keeps its one cookie. Injected, so tests can use {@link memoryStorage}. */
export interface CookieStorage {
  read(name: string): string | undefined;
  write(name: string, value: string, days: number): void;
  remove(name: string): void;
}

/** An in-memory stand-in for the cookie jar (tests, server rendering, cookie-less contexts). */
export function memoryStorage(initial: Record<string, string> = {}): CookieStorage & { jar: Map<string, string> } {
  const jar = new Map(Object.entries(initial));
  return {
    jar,
    read: (name) => jar.get(name),
    write: (name, value) => void jar.set(name, value),
    remove: (name) => void jar.delete(name),
  };
}
