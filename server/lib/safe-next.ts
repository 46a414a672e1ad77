const LOCAL_ORIGIN = 'http://docket.invalid';

/** Where to go after login: a path on this site only, never another host (`//x`, `/\x`) or the login page. */
export function safeNext(next: string): string {
  const hasControlCharacter = [...next].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);
  if (!/^\/(?![/\\])/.test(next) || next.includes('\\') || hasControlCharacter) return '/';
  const url = new URL(next, LOCAL_ORIGIN);
  if (url.origin !== LOCAL_ORIGIN || url.pathname.startsWith('/login')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
