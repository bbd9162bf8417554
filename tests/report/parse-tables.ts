/** Reads the tables of the text (cli-table3 box drawing) and Markdown reports back into cells. */

export type ParsedTable = string[][];

/** Each box table as rows of trimmed cells; row-spanned cells read as ''. */
export function parseBoxTables(text: string): ParsedTable[] {
  const tables: ParsedTable[] = [];
  let current: ParsedTable | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('┌')) current = [];
    else if (line.startsWith('└') && current !== undefined) {
      tables.push(current);
      current = undefined;
    } else if (line.startsWith('│') && current !== undefined) {
      current.push(line.slice(1, -1).split('│').map((c) => c.trim()));
    }
  }
  return tables;
}

/** Each GFM table as rows of cells (header first, alignment row dropped). */
export function parseMdTables(md: string): ParsedTable[] {
  const tables: ParsedTable[] = [];
  let current: ParsedTable = [];
  for (const line of [...md.split('\n'), '']) {
    if (line.startsWith('|')) {
      const cells = line.slice(1, -1).split(' | ').map((c) => c.trim());
      if (!cells.every((c) => /^:?-+:?$/.test(c))) current.push(cells);
    } else if (current.length > 0) {
      tables.push(current);
      current = [];
    }
  }
  return tables;
}

/** The table whose first row starts with these cells. */
export function tableStartingWith(tables: readonly ParsedTable[], ...head: string[]): ParsedTable {
  const found = tables.find((t) => head.every((h, i) => t[0]?.[i] === h));
  if (found === undefined) throw new Error(`no table starting with ${head.join(', ')}`);
  return found;
}

/** The row whose first cell is `label`. */
export function rowOf(table: ParsedTable, label: string): string[] {
  const row = table.findLast((r) => r[0] === label);
  if (row === undefined) throw new Error(`no row ${label}`);
  return row;
}

/** A value inside parsed JSON by a dotted path ("groupings.0.rows.1.major.overdue"). */
export function atPath(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split('.')) {
    if (Array.isArray(node)) node = node[Number(key)];
    else if (typeof node === 'object' && node !== null) node = Object.entries(node).find(([k]) => k === key)?.[1];
    else return undefined;
  }
  return node;
}
