/**
 * Offline IP -> autonomous system lookup (number and organisation), so that detection can tell a carrier, a
 * corporate range or a cloud provider apart without calling out. Data: the CSVs shipped by the
 * `@ip-location-db/asn` package (RouteViews + DB-IP, CC-BY-4.0), loaded on first use into sorted typed arrays and
 * searched by binary search (about 0.5 M ranges, a few tens of MB in memory).
 */
import { packageFile, parseIp, RangeTable } from './ip-ranges.js';

export interface AsnInfo {
  asn: number;
  org: string;
}

const PACKAGE = '@ip-location-db/asn';

/** An ASN database over the package's ranges; `AsnDatabase.shared()` gives the lazily loaded process-wide one. */
export class AsnDatabase {
  private static instance: AsnDatabase | null = null;

  private constructor(
    private readonly table: RangeTable,
    private readonly entries: AsnInfo[],
  ) {}

  /** Loads the package's IPv4 and IPv6 files (synchronously; about a second, once per process). */
  static load(): AsnDatabase {
    const entries: AsnInfo[] = [];
    const byKey = new Map<string, number>();
    const table = RangeTable.load(
      packageFile(PACKAGE, 'asn-ipv4-num.csv'),
      packageFile(PACKAGE, 'asn-ipv6-num.csv'),
      (fields) => {
        const asn = Number(fields[0]);
        if (!Number.isInteger(asn)) return -1;
        const org = fields.slice(1).join(',');
        const key = `${asn}\u0000${org}`;
        let idx = byKey.get(key);
        if (idx === undefined) {
          idx = entries.length;
          entries.push({ asn, org });
          byKey.set(key, idx);
        }
        return idx;
      },
    );
    return new AsnDatabase(table, entries);
  }

  static shared(): AsnDatabase {
    AsnDatabase.instance ??= AsnDatabase.load();
    return AsnDatabase.instance;
  }

  /** The AS announcing this address, or null when unknown (private, reserved or unparseable addresses). */
  lookup(ip: string): AsnInfo | null {
    const parsed = parseIp(ip);
    if (parsed === null) return null;
    const idx = this.table.find(parsed);
    return idx < 0 ? null : (this.entries[idx] ?? null);
  }

  get ranges(): { v4: number; v6: number } {
    return this.table.size;
  }
}

/** The AS announcing `ip` (number and organisation), from the process-wide database loaded on first call. */
export function lookupAsn(ip: string): AsnInfo | null {
  return AsnDatabase.shared().lookup(ip);
}
