/** Signs in the way a person and an API client do: the login form, and a token from the CLI. */
import { docket } from './server-process.js';

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

export async function loginThroughForm(baseUrl: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${baseUrl}/login`);
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error('the login page has no CSRF token');
  const jar = cookiesOf(page);
  const login = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  if (login.status !== 302 && login.status !== 303) throw new Error(`login answered ${login.status}`);
  const byName = new Map([...jar, ...cookiesOf(login)].map((c) => [c.slice(0, c.indexOf('=')), c]));
  return [...byName.values()].join('; ');
}

export function createCoordinator(env: NodeJS.ProcessEnv, email: string, password: string): string {
  docket(
    [
      'user',
      'add',
      '--email',
      email,
      '--name',
      'Bench Coordinator',
      '--role',
      'coordinator',
      '--password',
      password,
    ],
    env,
  );
  const output = docket(['token', 'create', '--email', email, '--name', 'bench'], env).trim().split('\n');
  return output[output.length - 1]!.trim();
}
