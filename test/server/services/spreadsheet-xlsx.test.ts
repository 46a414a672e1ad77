import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { toXlsx } from '../../../server/services/spreadsheet-export-service.js';

async function read(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

describe('XLSX export (exceljs streaming writer)', () => {
  it('writes each sheet with a bold, frozen header, sized columns, numbers as numbers and formulas as text', async () => {
    const body = await toXlsx([
      {
        name: 'Board: Energy/Banks',
        columns: ['Company', 'Days late'],
        rows: [
          ['Acme Energy', 12],
          ['=HYPERLINK("http://evil.example")', 3],
          ['A company with a rather long name indeed', null],
        ],
      },
      { name: 'Second', columns: ['Only'], rows: [['one']] },
    ]);
    const workbook = await read(body);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Board  Energy Banks', 'Second']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getRow(2).values).toEqual([undefined, 'Acme Energy', 12]);
    // Formula-looking text stays text (the same neutralizing as the CSV export).
    expect(sheet.getCell('A3').type).toBe(ExcelJS.ValueType.String);
    expect(String(sheet.getCell('A3').value)).toBe('\'=HYPERLINK("http://evil.example")');
    expect(sheet.getColumn(1).width).toBe('A company with a rather long name indeed'.length + 2);
    expect(sheet.getColumn(2).width).toBe(11);
    expect(workbook.worksheets[1]!.getCell('A2').value).toBe('one');
  });

  it('writes a board of 50,000 rows, every row in order', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => [`Company ${i + 1}`, i % 30]);
    const workbook = await read(await toXlsx([{ name: 'Board', columns: ['Company', 'Days late'], rows }]));
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(50_001);
    expect(sheet.getCell('A50001').value).toBe('Company 50000');
    expect(sheet.getCell('B50001').value).toBe(49_999 % 30);
  });
});
