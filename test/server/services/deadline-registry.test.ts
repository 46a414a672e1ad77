import { describe, expect, it } from 'vitest';
import { DEADLINE_KINDS, REMINDER_ANCHORS } from '../../../server/domain/deadline-kinds.js';
import { addDays } from '../../../server/lib/calendar-dates.js';
import { fixedClock } from '../../../server/lib/clock.js';
import { FILING_KINDS } from '../../../server/lib/filing-rules.js';
import { DEFAULT_REMINDER_RULES } from '../../../server/services/reminder-rules.js';
import { factories } from '../../factories.js';
import { buildTestApp, createUser } from '../../helper.js';

// Monday 2 March 2026, 09:00 in London (GMT): every date below is relative to it.
const start = '2026-03-02';
const clock = fixedClock(`${start}T09:00:00.000Z`);
const app = await buildTestApp({ clock });
const make = factories(app);

/** A campaign with one deadline of every kind: sent letter, sign-on, the company's AGM, a custom date. */
function campaignWithEveryKind() {
  const company = make.company({ country: 'GB' });
  app.services.companies.update(
    company.id,
    { jurisdiction: 'GB', nextAgmDate: addDays(start, 70), listed: true },
    make.actor,
  );
  const campaign = make.campaign({ companyIds: [company.id] });
  const { dispatches } = make.sentLetter(campaign.id, [company.id]);
  const signOn = app.services.letters.create(
    campaign.id,
    {
      title: 'Sign-on letter',
      body: 'Dear {{company.name}},',
      questions: ['Why?'],
      companyIds: [company.id],
    },
    make.actor,
  );
  app.services.signOn.open(signOn.id, `${addDays(start, 10)}T17:00:00.000Z`, make.actor);
  app.services.deadlines.createCustom(
    { kind: 'custom', date: addDays(start, 9), title: 'Coalition call', campaignId: campaign.id },
    make.actor,
  );
  return { company, campaign, dispatch: dispatches[0]!, signOn };
}

describe('the deadline-source registry', () => {
  it('serves every kind from exactly one source, and every reminder anchor from exactly one', () => {
    const { sources } = app.services.deadlines;
    for (const kind of DEADLINE_KINDS) {
      expect(sources.filter((s) => s.kinds.includes(kind)).map((s) => s.name)).toHaveLength(1);
    }
    for (const anchor of REMINDER_ANCHORS) {
      expect(sources.filter((s) => s.reminder?.anchor === anchor)).toHaveLength(1);
    }
    expect(DEADLINE_KINDS).toEqual(expect.arrayContaining(FILING_KINDS));
  });

  it('lists every kind of a campaign in one order, and filters by kind', () => {
    const { campaign } = campaignWithEveryKind();
    const listed = app.services.deadlines.list({ campaignId: campaign.id });
    expect(new Set(listed.map((d) => d.kind))).toEqual(
      new Set(['response_due', 'escalation_due', 'sign_on_closes', 'agm', 'resolution_uk_s338', 'custom']),
    );
    expect(listed.map((d) => d.date)).toEqual(listed.map((d) => d.date).sort());
    const onlyDue = app.services.deadlines.list({ campaignId: campaign.id, kinds: ['response_due'] });
    expect(onlyDue.map((d) => d.kind)).toEqual(['response_due']);
  });

  it('reminds of each anchored deadline on the day its rule says, dated as the list dates it', () => {
    const { campaign } = campaignWithEveryKind();
    const listed = app.services.deadlines.list({ campaignId: campaign.id });
    for (const source of app.services.deadlines.sources) {
      if (!source.reminder) continue;
      const deadline = listed.find((d) => source.kinds.includes(d.kind));
      expect(deadline, source.name).toBeDefined();
      for (const rule of DEFAULT_REMINDER_RULES.filter((r) => r.anchor === source.reminder!.anchor)) {
        // The rule's day: `offsetDays` after the deadline's date, in the morning.
        const now = new Date(`${addDays(deadline!.date, rule.offsetDays)}T09:00:00.000Z`);
        const due = app.jobs.reminders
          .findDue(now)
          .filter((item) => item.campaignId === campaign.id && item.rule.key === rule.key);
        expect(
          due.map((item) => item.anchorDate),
          `${source.name} / ${rule.key}`,
        ).toContain(deadline!.date);
        expect(due[0]!.template).toBe(source.reminder.template(rule));
      }
    }
  });

  it('puts every kind of the campaign into the digest: due soon, sign-ons, and the other deadlines', async () => {
    const { campaign, company } = campaignWithEveryKind();
    const user = await createUser(app, 'coordinator');
    app.repos.users.update(user.id, { preferences: { digest: 'weekly' } });
    // The following Monday, 07:30: the weekly digest looks 14 days ahead.
    const monday = addDays(start, 7);
    const result = app.jobs.digests.run(new Date(`${monday}T07:30:00.000Z`));
    expect(result.errors).toEqual([]);
    const message = app.repos.outbox
      .list()
      .find((m) => m.kind === 'digest' && m.toAddress.includes(user.email));
    expect(message).toBeDefined();
    const text = message!.text;
    const section = text.slice(text.indexOf(`== ${campaign.name} ==`)).split('\n== ')[0]!;
    const upcoming = app.services.deadlines.list({
      campaignId: campaign.id,
      from: monday,
      to: addDays(monday, 14),
    });
    expect(upcoming.map((d) => d.kind)).toEqual(
      expect.arrayContaining(['response_due', 'sign_on_closes', 'custom']),
    );
    expect(section).toContain('Due soon:');
    expect(section).toContain(`- ${company.name} (`);
    expect(section).toContain('Sign-ons closing:');
    expect(section).toContain('- Sign-on letter: closes');
    expect(section).toContain('Other deadlines:');
    for (const d of upcoming.filter((d) => !['response_due', 'sign_on_closes'].includes(d.kind))) {
      expect(section).toContain(d.title);
    }
    expect(section).toContain('Coalition call');
  });

  it('pages: the first deadlines and the total agree with the whole list, for every limit', () => {
    const { campaign } = campaignWithEveryKind();
    const all = app.services.deadlines.list({ campaignId: campaign.id });
    for (const limit of [1, 2, 3, all.length, all.length + 5]) {
      const page = app.services.deadlines.page({ campaignId: campaign.id, limit });
      expect(page.total).toBe(all.length);
      expect(page.items).toEqual(all.slice(0, limit));
    }
    const responseDue = app.services.deadlines.page({
      campaignId: campaign.id,
      kinds: ['response_due'],
      limit: 5,
    });
    expect(responseDue.items.map((d) => d.kind)).toEqual(['response_due']);
    expect(responseDue.total).toBe(1);
  });

  it('counts overdue work in SQL and lists the oldest first', () => {
    const company = make.company();
    const campaign = make.campaign({ companyIds: [company.id] });
    const others = [make.company(), make.company()];
    app.services.campaigns.update(
      campaign.id,
      { companyIds: [company.id, ...others.map((c) => c.id)] },
      make.actor,
    );
    make.sentLetter(campaign.id, [company.id, ...others.map((c) => c.id)]);
    const due = app.services.deadlines.list({ campaignId: campaign.id, kinds: ['response_due'] })[0]!.date;
    clock.set(`${addDays(due, 1)}T09:00:00.000Z`);
    try {
      const late = app.services.deadlines.overdue({ campaignId: campaign.id, limit: 2 });
      expect(late.total).toBe(3);
      expect(late.items).toHaveLength(2);
      expect(late.items.every((d) => d.kind === 'response_due' && d.date === due)).toBe(true);
    } finally {
      clock.set(`${start}T09:00:00.000Z`);
    }
  });
});
