/**
 * Renders 10,000 follow-up letters (issue 5 §7) and compares our renderer with calling the same
 * compiled Handlebars templates directly with the same data. Target: our overhead under 2×.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { fixedClock } from '../server/lib/clock.js';
import type { LetterContext } from '../server/services/letter-renderer.js';

const COMPANIES = 10_000;
const TARGET_RATIO = 2;

/** Best of several rounds, alternating the contenders so load and garbage collection hit both alike. */
function race(contenders: Record<string, () => void>, rounds = 5): Record<string, number> {
  const best: Record<string, number> = Object.fromEntries(
    Object.keys(contenders).map((k) => [k, Number.POSITIVE_INFINITY]),
  );
  for (let round = 0; round < rounds; round++) {
    for (const [name, work] of Object.entries(contenders)) {
      const started = performance.now();
      work();
      best[name] = Math.min(best[name]!, performance.now() - started);
    }
  }
  return best;
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'docket-bench-render-'));
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'bench.db'),
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret!',
    LOG_LEVEL: 'silent',
  });
  const clock = fixedClock('2023-04-11T09:00:00Z');
  const app = await buildApp(config, { logger: false, clock });
  try {
    const actor = { userId: null, label: 'bench' };
    const companyIds = app.repos.transaction(() =>
      Array.from(
        { length: COMPANIES },
        (_, i) =>
          app.repos.companies.insert(
            { name: `Company ${i} & Co <Ltd>`, country: ['US', 'GB', 'DE'][i % 3]!, sector: 'Industry' },
            [],
          ).id,
      ),
    );
    const campaignId = app.services.campaigns.create({ name: 'Bench campaign' }, actor).id;
    const letter = app.services.letters.create(
      campaignId,
      {
        title: 'Your business in Russia',
        body: 'Dear {{company.name}},\n\nWe wrote to you.',
        questions: ['Q1?', 'Q2?', 'Q3?', 'Q4?', 'Q5?'],
        companyIds,
      },
      actor,
    );
    app.services.letters.approve(letter.id, actor);
    app.services.sending.send(letter.id, { channel: 'post' }, actor);
    const questions = app.repos.letters.questions(letter.id);
    clock.set('2023-04-20T09:00:00Z');
    app.repos.transaction(() => {
      for (const dispatch of app.repos.dispatches.listForLetter(letter.id)) {
        for (const [i, q] of questions.entries()) {
          if ((dispatch.id + i) % 3 === 0)
            app.repos.dispatches.insertAnswer({
              dispatchId: dispatch.id,
              questionId: q.id,
              status: 'answered',
            });
        }
      }
    });

    let started = performance.now();
    const { letter: followUp, companyIds: drafted } = app.services.followUps.draft(letter.id, {}, actor);
    const draftMs = performance.now() - started;

    const companies = new Map(app.repos.companies.findByIds(drafted).map((c) => [c.id, c]));
    started = performance.now();
    const contexts: LetterContext[] = drafted.map((id) =>
      app.services.letters.context(followUp, companies.get(id)!),
    );
    const contextMs = performance.now() - started;

    const renderer = app.services.letterRenderer;
    const hbs = app.services.renderer.handlebars;
    const direct = {
      title: hbs.compile(followUp.title, { strict: true, noEscape: true }),
      body: hbs.compile(followUp.body, { strict: true, noEscape: true }),
      layout: hbs.compile(renderer.layoutSource, { strict: true, noEscape: true }),
    };
    let sink = 0;
    const { baseline: baselineMs, ours: oursMs } = race({
      baseline: () => {
        for (const context of contexts) {
          const body = direct.body(context);
          sink += direct.title(context).length + direct.layout({ ...context, body }).length;
        }
      },
      ours: () => {
        for (const context of contexts) sink += renderer.renderText(followUp, context).text.length;
      },
    }) as { baseline: number; ours: number };
    started = performance.now();
    for (const context of contexts) sink += renderer.render(followUp, context).html.length;
    const fullMs = performance.now() - started;
    const ratio = oursMs / baselineMs;
    return {
      letters: contexts.length,
      baselineDirectHandlebarsMs: Math.round(baselineMs),
      docketRendererMs: Math.round(oursMs),
      ratio: Number(ratio.toFixed(2)),
      target: `< ${TARGET_RATIO}`,
      pass: ratio < TARGET_RATIO,
      withMarkdownAndSanitizedHtmlMs: Math.round(fullMs),
      withMarkdownAndSanitizedHtmlRatio: Number((fullMs / baselineMs).toFixed(1)),
      buildingContextsFromDatabaseMs: Math.round(contextMs),
      draftingTheFollowUpMs: Math.round(draftMs),
      checksum: sink % 997,
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
