"""Which address keys join different campaigns in a simulator output (issue 14, separation at scale).

    python3 bench/cluster/address-glue.py DIR

Counts, per pair of groups (campaigns by id, benign accounts by segment as b:SEGMENT), the exact addresses and the
/24s that accounts of both groups used on the same UTC day (the cluster layer's `ip` and `subnet` link windows), and
per group the median number of distinct addresses, /24s and active days per account (how much its addresses churn).
Reads DIR/exchanges.jsonl and DIR/labels.jsonl; only the standard library.
"""
import collections
import json
import sys


def field(line, name):
    start = line.find(f'"{name}":"')
    if start < 0:
        return ""
    start += len(name) + 4
    return line[start:line.find('"', start)]


def main(d):
    group = {}
    with open(f"{d}/labels.jsonl") as f:
        for line in f:
            r = json.loads(line)
            group[r["account"]] = r["campaign"] or f"b:{r['segment']}"
    ip_day = collections.defaultdict(set)
    net_day = collections.defaultdict(set)
    ips, nets, days = (collections.defaultdict(set) for _ in range(3))
    with open(f"{d}/exchanges.jsonl") as f:
        for line in f:
            ip, account, day = field(line, "ip"), field(line, "account"), field(line, "ts")[:10]
            net = ".".join(ip.split(".")[:3]) if "." in ip else ip[:14]
            ip_day[(ip, day)].add(account)
            net_day[(net, day)].add(account)
            ips[account].add(ip)
            nets[account].add(net)
            days[account].add(day)
    for name, keys in (("address-days", ip_day), ("/24-days", net_day)):
        shared = collections.Counter()
        for accounts in keys.values():
            groups = sorted({group.get(a, "?") for a in accounts})
            for i, x in enumerate(groups):
                for y in groups[i + 1:]:
                    shared[(x, y)] += 1
        print(f"{name} used by two groups on the same day (top 20):")
        for (x, y), n in shared.most_common(20):
            print(f"  {x:>16} {y:>16} {n:7}")
    per = collections.defaultdict(list)
    for a in ips:
        per[group.get(a, "?")].append((len(ips[a]), len(nets[a]), len(days[a])))
    print("group, accounts, median distinct addresses / 24s / active days per account:")
    for g, v in sorted(per.items()):
        v.sort()
        print(f"  {g:>16} {len(v):6} {v[len(v) // 2]}")


if __name__ == "__main__":
    main(sys.argv[1])
