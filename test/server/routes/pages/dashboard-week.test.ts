import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { seedDemo } from '../../../../server/services/demo-seed-service.js';
import { factories } from '../../../factories.js';
import { browserSession, buildTestApp, createUser, type TestApp } from '../../../helper.js';

// Monday 2 March 2026: the demo is dated relative to this day.
const clock = fixedClock('2026-03-02T10:00:00Z');
let app: TestApp;
const emails = { staff: '', coordinator: '', member: '', outsider: '' };
let signOnLetterId = 0;

const decode = (html: string) =>
  html.replaceAll('&#x27;', "'").replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
/** The text of the section after `heading` up to the next h3. */
function section(html: string, heading: string): string {
  const start = html.indexOf(heading);
  if (start < 0) throw new Error(`no section ${heading}`);
  const end = html.indexOf('<h3', start + heading.length);
  return html.slice(start, end < 0 ? undefined : end);
}

beforeAll(async () => {
  app = await buildTestApp({ clock });
  const demo = seedDemo({ repos: app.repos, config: app.config, clock });
  const f = factories(app);
  const ngo = app.repos.organizations.listAll().find((o) => o.name === 'Example Rights Watch')!;
  // A letter open for signatures, closing this Thursday.
  const letter = app.services.letters.create(
    demo.campaignId,
    {
      title: 'Open for signatures',
      body: 'Dear {{company.name}}',
      questions: ['Q?'],
      companyIds: app.repos.letters.companyIds(demo.letterIds.round),
    },
    f.actor,
  );
  app.services.signOn.open(letter.id, '2026-03-05T17:00:00Z', f.actor);
  signOnLetterId = letter.id;
  emails.staff = (await createUser(app, 'staff')).email;
  emails.coordinator = (await createUser(app, 'coordinator')).email;
  emails.member = (await f.member(ngo.id)).email;
  emails.outsider = (await f.member(f.organization({ name: 'Not In The Campaign' }).id)).email;
});

describe('the dashboard as "my week"', () => {
  it('shows staff what needs action, the overdue work (before today) and the deadlines of the next 14 days', async () => {
    const session = await browserSession(app, emails.staff);
    const html = decode((await session.get('/')).body);
    expect(html).toContain('My week');
    const action = section(html, 'Needs my action');
    // The companies the follow-up forms pre-check: five of the round (four did not answer by
    // 17 February, Airbus answered in part) and Microsoft, which left two of its questions open.
    expect(action).toMatch(/<strong>6<\/strong> companies past the due date: follow-ups due/);
    const followUps = html.slice(html.indexOf('<table class="striped follow-ups-due">'));
    expect(followUps).toMatch(/Your company’s business in Russia<\/a><\/td><td class="num">5<\/td>/);
    expect(action).toMatch(/<strong>2<\/strong> drafts to finish/);
    expect(action).toMatch(/<strong>1<\/strong> letter open for signatures/);

    const overdue = section(html, 'id="overdue-work"');
    for (const company of ['Schlumberger', 'JPMorgan Chase', 'Cisco', 'Unilever']) {
      expect(overdue).toContain(`Response due: ${company}`);
    }
    expect(overdue).toContain('17 Feb 2026');
    expect(overdue).toMatch(/<td class="num">13<\/td>/);

    const upcoming = section(html, 'Deadlines in the next 14 days');
    // The holding reply promised its answer for Friday; sign-on closes on Thursday.
    expect(upcoming).toContain('Response due: Raiffeisen Bank International');
    expect(upcoming).toContain('6 Mar 2026');
    expect(upcoming).toContain('Sign-on closes: Open for signatures');
    expect(upcoming).not.toContain('Response due: Schlumberger');
  });

  it('asks a coordinator to approve a letter once its sign-on has closed', async () => {
    clock.set('2026-03-06T09:00:00Z');
    try {
      const session = await browserSession(app, emails.coordinator);
      const action = section(decode((await session.get('/')).body), 'Needs my action');
      expect(action).toMatch(/<strong>1<\/strong> letter whose sign-on has closed, awaiting your approval/);
    } finally {
      clock.set('2026-03-02T10:00:00Z');
    }
  });

  it("shows a member their organization's letters to sign and deadlines, and nothing of other campaigns", async () => {
    const member = await browserSession(app, emails.member);
    const html = decode((await member.get('/')).body);
    const action = section(html, 'Needs my action');
    expect(action).toMatch(/<strong>1<\/strong> letter open for signatures your organization has not signed/);
    expect(html).toContain(`href="/letters/${signOnLetterId}#sign"`);
    expect(html).toContain('Response due: Schlumberger');
    expect(html).not.toContain('to review');

    const outsider = await browserSession(app, emails.outsider);
    const other = decode((await outsider.get('/')).body);
    expect(section(other, 'Needs my action')).toContain('Nothing waits for you now.');
    expect(other).toContain('Nothing is overdue.');
    expect(other).not.toContain('Schlumberger');
    expect(other).not.toContain('Open for signatures');
  });
});

describe('the deadlines list', () => {
  it('opens with the overdue work, then the coming deadlines', async () => {
    const session = await browserSession(app, emails.staff);
    const html = decode((await session.get('/deadlines')).body);
    expect(html).toContain('<strong>4 overdue</strong> (open, past their date)');
    const firstOverdue = html.indexOf('Response due: Cisco');
    const upcoming = html.indexOf('Response due: Raiffeisen Bank International');
    expect(firstOverdue).toBeGreaterThan(0);
    expect(upcoming).toBeGreaterThan(firstOverdue);
    expect(html).toMatch(/17 Feb 2026<\/strong> <mark>overdue<\/mark>/);
    // A chosen start date shows that period only.
    const chosen = decode((await session.get('/deadlines?from=2026-03-02')).body);
    expect(chosen).not.toContain('Response due: Cisco');
  });
});
