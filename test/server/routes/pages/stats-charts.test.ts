import type { Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../server/lib/clock.js';
import { factories } from '../../../factories.js';
import { browserSession, buildTestApp, createUser, type TestApp } from '../../../helper.js';

/** Issue 15 item 8: the statistics page draws its figures as SVG charts, each with its numbers as a table. */
describe('statistics charts', () => {
  const clock = fixedClock('2023-03-01T09:00:00Z');
  let app: TestApp;
  let html: string;
  let doc: ReturnType<typeof parseDocument>;

  const all = (
    selector: (el: Element) => boolean,
    root: Parameters<typeof DomUtils.findAll>[1] = doc.children,
  ) => DomUtils.findAll(selector, root);
  const figure = (id: string) => {
    const found = all((el) => el.name === 'figure' && el.attribs['data-chart'] === id)[0];
    if (!found) throw new Error(`no figure ${id}`);
    return found;
  };
  const bars = (id: string) =>
    all((el) => el.name === 'rect' && (el.attribs.class ?? '').split(' ').includes('bar'), [figure(id)]).map(
      (el) => ({
        name: el.attribs['data-name']!,
        width: Number(el.attribs.width),
        height: Number(el.attribs.height),
      }),
    );
  const tableRows = (id: string) => {
    const table = all((el) => el.name === 'table' && el.attribs['data-table'] === id)[0]!;
    return all(
      (el) => el.name === 'tr' && el.parent !== null && (el.parent as Element).name === 'tbody',
      [table],
    ).map((tr) => ({
      name: DomUtils.textContent(tr.children.filter(DomUtils.isTag)[0]!).replace('*', '').trim(),
      numerator: Number(tr.attribs['data-numerator']),
      denominator: Number(tr.attribs['data-denominator']),
      count: Number(tr.attribs['data-count']),
      text: DomUtils.textContent(tr),
    }));
  };
  const svgOf = (id: string) => all((el) => el.name === 'svg', [figure(id)])[0]!;

  beforeAll(async () => {
    app = await buildTestApp({ clock });
    const f = factories(app);
    const companies = Array.from({ length: 10 }, (_, i) =>
      f.company({
        name: `Chart Co ${i}`,
        sector: i < 6 ? 'Banking' : 'Energy',
        country: i % 2 ? 'FR' : 'DE',
      }),
    );
    const campaign = f.campaign({ name: 'Charted campaign' });
    const a = f.sentLetter(
      campaign.id,
      companies.map((c) => c.id),
      { title: 'First round' },
    );
    const b = f.sentLetter(
      campaign.id,
      companies.slice(0, 3).map((c) => c.id),
      { title: 'Second round' },
    );
    clock.set('2023-03-25T09:00:00Z');
    const dispatchA = (i: number) => a.dispatches.find((d) => d.companyId === companies[i]!.id)!.id;
    const dispatchB = (i: number) => b.dispatches.find((d) => d.companyId === companies[i]!.id)!.id;
    // Four replies the same day the letter went out: the median time to respond is 0 days, not "—".
    f.response(dispatchA(0), { kind: 'substantive', receivedAt: '2023-03-01' });
    f.response(dispatchA(1), { kind: 'holding', receivedAt: '2023-03-01' });
    f.response(dispatchA(6), { kind: 'substantive', receivedAt: '2023-03-01' });
    f.response(dispatchA(7), { kind: 'holding', receivedAt: '2023-03-01' });
    f.response(dispatchA(2), { kind: 'declined', receivedAt: '2023-03-11' });
    f.response(dispatchB(0), { kind: 'substantive', receivedAt: '2023-03-21' });
    const staff = await createUser(app, 'staff');
    const session = await browserSession(app, staff.email);
    const page = await session.get(`/campaigns/${campaign.id}/stats`);
    expect(page.statusCode).toBe(200);
    html = page.body;
    doc = parseDocument(html);
  });

  it('shows a median of 0 days as "0 days"', () => {
    const medians = DomUtils.textContent(all((el) => el.attribs.id === 'medians')[0]!);
    expect(medians).toContain('Median time to first response: 0 days');
    expect(medians).toContain('to a substantive response: 0 days');
    expect(medians).not.toContain('—');
  });

  it('draws one bar per letter, sector and country, each as long as its rate in the table', () => {
    const expected: Record<string, Record<string, [number, number]>> = {
      'chart-by-letter': { 'First round': [5, 10], 'Second round': [1, 3] },
      // Banking: companies 0–5 in the first round and 0–2 in the second; 0, 1 and 2 answered the first, 0 the second.
      'chart-by-sector': { Banking: [4, 9], Energy: [2, 4] },
      // DE: even companies (0, 2, 4, 6, 8 and 0, 2): 0, 2, 6 and 0 answered.
      'chart-by-country': { DE: [4, 7], FR: [2, 6] },
    };
    for (const [id, rates] of Object.entries(expected)) {
      const svg = svgOf(id);
      const plotWidth = Number(svg.attribs['data-plot-width']);
      expect(plotWidth).toBeGreaterThan(100);
      const drawn = bars(id);
      const rows = tableRows(id);
      expect(drawn.map((b) => b.name)).toEqual(Object.keys(rates));
      expect(rows.map((r) => r.name)).toEqual(Object.keys(rates));
      for (const [name, [numerator, denominator]] of Object.entries(rates)) {
        const row = rows.find((r) => r.name === name)!;
        expect(row, `${id} ${name}`).toMatchObject({ numerator, denominator });
        expect(row.text).toContain(`(${numerator}/${denominator})`);
        const bar = drawn.find((b) => b.name === name)!;
        expect(bar.width / plotWidth, `${id} ${name}`).toBeCloseTo(numerator / denominator, 3);
      }
    }
  });

  it('draws the time to respond as a histogram matching its table', () => {
    const drawn = bars('chart-time-to-respond');
    const rows = tableRows('chart-time-to-respond');
    expect(drawn.map((b) => b.name)).toEqual(rows.map((r) => r.name));
    const counts = Object.fromEntries(rows.map((r) => [r.name, r.count]));
    expect(counts).toMatchObject({ 'same day': 4, '8–14 days': 1, '15–21 days': 1, '1–7 days': 0 });
    const plotHeight = Number(svgOf('chart-time-to-respond').attribs['data-plot-height']);
    const max = Math.max(...rows.map((r) => r.count));
    for (const bar of drawn) {
      expect(bar.height, bar.name).toBeCloseTo((counts[bar.name]! / max) * plotHeight, 1);
    }
  });

  it('gives every chart an accessible name, a text alternative and a caption', () => {
    for (const id of ['chart-by-letter', 'chart-by-sector', 'chart-by-country', 'chart-time-to-respond']) {
      const svg = svgOf(id);
      expect(svg.attribs.role).toBe('img');
      const [titleId, descId] = svg.attribs['aria-labelledby']!.split(' ');
      const title = all((el) => el.attribs.id === titleId, [svg])[0]!;
      const desc = all((el) => el.attribs.id === descId, [svg])[0]!;
      expect(title.name).toBe('title');
      expect(desc.name).toBe('desc');
      expect(DomUtils.textContent(title).length).toBeGreaterThan(10);
      expect(all((el) => el.name === 'figcaption', [figure(id)])).toHaveLength(1);
    }
    expect(DomUtils.textContent(all((el) => el.attribs.id === 'chart-by-sector-desc')[0]!)).toBe(
      'Response rate by sector. Banking: 44.4% (4 of 9); Energy: 50% (2 of 4).',
    );
    expect(DomUtils.textContent(all((el) => el.attribs.id === 'chart-time-to-respond-desc')[0]!)).toContain(
      'same day: 4',
    );
  });

  it('needs no script: the charts are in the page as served', () => {
    expect(html).not.toMatch(/<script(?![^>]*src="\/static\/app\.js")[^>]*>/);
    expect(all((el) => el.name === 'svg' && el.attribs.role === 'img')).toHaveLength(4);
  });
});
