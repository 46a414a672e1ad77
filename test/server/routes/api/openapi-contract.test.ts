import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildTestApp, tempDir } from '../../../helper.js';

const run = promisify(execFile);
const REDOCLY = resolve(import.meta.dirname, '../../../../node_modules/.bin/redocly');
const app = await buildTestApp();
const document = app.swagger() as {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId?: string;
        summary?: string;
        responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
      }
    >
  >;
};
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    name: `${method.toUpperCase()} ${path}`,
    operation,
  })),
);

describe('the OpenAPI document', () => {
  it('gives every operation a unique operationId, a summary, its success status and its errors with schemas', () => {
    expect(operations.length).toBeGreaterThan(70);
    const ids = operations.map((o) => o.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { name, operation } of operations) {
      expect(operation.operationId, name).toBeTruthy();
      expect(operation.summary, name).toBeTruthy();
      const codes = Object.keys(operation.responses ?? {});
      expect(
        codes.some((c) => c.startsWith('2')),
        name,
      ).toBe(true);
      for (const code of codes.filter((c) => c.startsWith('4'))) {
        const schema = operation.responses![code]!.content?.['application/json']?.schema;
        expect(schema, `${name} ${code}`).toBeDefined();
      }
    }
  });

  it('documents what the routes really answer: 201 for creates, 204 for deletes', () => {
    const codes = (name: string) =>
      Object.keys(operations.find((o) => o.name === name)!.operation.responses!);
    expect(codes('POST /api/companies')).toContain('201');
    expect(codes('POST /api/companies')).not.toContain('200');
    expect(codes('DELETE /api/companies/{id}')).toContain('204');
    expect(codes('DELETE /api/companies/{id}')).toEqual(expect.arrayContaining(['401', '403', '404', '409']));
    expect(codes('GET /api/health')).toEqual(['200', '4XX']);
  });

  it('passes the Redocly linter with its recommended rules: no errors, no warnings', async () => {
    const file = join(tempDir('docket-openapi-'), 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    let output: string;
    try {
      const result = await run(REDOCLY, ['lint', file, '--extends=recommended', '--format=json'], {
        timeout: 60_000,
      });
      output = result.stdout;
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    const report = JSON.parse(output.slice(output.indexOf('{'))) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string }[];
    };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 90_000);
});
