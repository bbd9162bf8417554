import type { FindingRecord } from '../domain/finding-record.js';
import { fingerprint, isClosedBy } from '../domain/lifecycle.js';

interface PreviousEntry {
  closed: boolean;
  seen: boolean;
  org: string;
  description: string;
  found: string;
  source: string;
}

/** Month-over-month comparison by stable fingerprint (隐患编号, else org + found date + location + description). */
export class PreviousLedger {
  private readonly entries = new Map<string, PreviousEntry>();

  add(record: FindingRecord, asOf: string): void {
    this.entries.set(fingerprint(record), {
      closed: isClosedBy(record, asOf) || record.fields.status === 'closed',
      seen: false,
      org: record.fields.org_name ?? '',
      description: record.fields.description ?? '',
      found: record.fields.found_date ?? '',
      source: `${record.file} ${record.sheet}!${record.row}`,
    });
  }

  get size(): number {
    return this.entries.size;
  }

  /** 新增 / 延续 / 本月销号 / 往期已销号 for a record of this month's ledger (`closed`: 销号 by the as-of day). */
  mark(record: FindingRecord, closed: boolean): string {
    const prev = this.entries.get(fingerprint(record));
    if (!prev) return '新增';
    prev.seen = true;
    if (closed) return prev.closed ? '往期已销号' : '本月销号';
    return '延续';
  }

  /** Open hazards of last month that are absent now: they vanished without 销号. */
  vanished(): { org: string; description: string; found: string; source: string }[] {
    return [...this.entries.values()].filter((e) => !e.seen && !e.closed).map(({ org, description, found, source }) => ({ org, description, found, source }));
  }
}
