"""Stand-in for the book's flags2_common.py (our own code, standard library only).

flags-compare's tests run these stand-ins where a class runs the book's scripts: they take
the same command line and print the same reports, so `flags-compare --python DIR` reads
both alike. They are not the book's code: get that from fluentpython/example-code-2e.

One difference: the DELAY address can come from FLAGS_COMPARE_URL, so a test can put the
server on a free port; the book's scripts always use http://localhost:8001/flags.
"""

import argparse
import os
import string
import sys
import time
from collections import Counter
from enum import Enum
from pathlib import Path

Status = Enum('Status', 'OK NOT_FOUND ERROR')

POP20 = 'BD BR CD CN DE EG ET FR ID IN IR JP MX NG PH PK RU TR US VN'.split()
SERVERS = {
    'DELAY': os.environ.get('FLAGS_COMPARE_URL', 'http://localhost:8001/flags'),
    'ERROR': 'http://localhost:8002/flags',
    'LOCAL': 'http://localhost:8000/flags',
    'REMOTE': 'https://www.fluentpython.com/data/flags',
}


def usage_error(parser, message):
    print(f'*** Usage error: {message}')
    parser.print_usage()
    sys.exit(2)


def codes_from(args, parser):
    letters = string.ascii_uppercase
    if args.every:
        found = {a + b for a in letters for b in letters}
    elif args.all:
        found = set(Path('country_codes.txt').read_text().split())
    else:
        found = set()
        for arg in (a.upper() for a in args.cc):
            if len(arg) == 1 and arg in letters:
                found |= {arg + b for b in letters}
            elif len(arg) == 2 and set(arg) <= set(letters):
                found.add(arg)
            else:
                usage_error(parser, 'each CC argument must be A to Z or AA to ZZ.')
    return sorted(found or POP20)[:args.limit]


def main(download_many, default_req, max_req):
    parser = argparse.ArgumentParser(
        description='Download flags for country codes. Default: top 20 countries by population.')
    parser.add_argument('cc', metavar='CC', nargs='*')
    parser.add_argument('-a', '--all', action='store_true')
    parser.add_argument('-e', '--every', action='store_true')
    parser.add_argument('-l', '--limit', metavar='N', type=int, default=sys.maxsize)
    parser.add_argument('-m', '--max_req', metavar='CONCURRENT', type=int, default=default_req)
    parser.add_argument('-s', '--server', metavar='LABEL', default='LOCAL')
    parser.add_argument('-v', '--verbose', action='store_true')
    args = parser.parse_args()
    if args.max_req < 1:
        usage_error(parser, '--max_req CONCURRENT must be >= 1')
    if args.limit < 1:
        usage_error(parser, '--limit N must be >= 1')
    label = args.server.upper()
    if label not in SERVERS:
        usage_error(parser, '--server LABEL must be one of ' + ', '.join(sorted(SERVERS)))
    cc_list = codes_from(args, parser)

    workers = min(args.max_req, max_req, len(cc_list))
    print(f'{label} site: {SERVERS[label]}')
    listed = ', '.join(cc_list) if len(cc_list) <= 10 else f'from {cc_list[0]} to {cc_list[-1]}'
    print(f'Searching for {len(cc_list)} flag{"s" if len(cc_list) != 1 else ""}: {listed}')
    if workers == 1:
        print('1 connection will be used.')
    else:
        print(f'{workers} concurrent connections will be used.')

    Path('downloaded').mkdir(exist_ok=True)
    t0 = time.perf_counter()
    counts = download_many(cc_list, SERVERS[label], args.verbose, workers)
    elapsed = time.perf_counter() - t0

    print('-' * 20)
    ok, missing, errors = counts[Status.OK], counts[Status.NOT_FOUND], counts[Status.ERROR]
    print(f'{ok:3} flag{"s" if ok != 1 else ""} downloaded.')
    if missing:
        print(f'{missing:3} not found.')
    if errors:
        print(f'{errors:3} error{"s" if errors != 1 else ""}.')
    print(f'Elapsed time: {elapsed:.2f}s')


def save(image: bytes, name: str) -> None:
    (Path('downloaded') / name).write_bytes(image)


def fetch(url: str) -> tuple[int, bytes]:
    """GET url with the standard library: (status, body), a new connection each time."""
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=3.1) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, b''


def tally(statuses) -> Counter:
    counts: Counter = Counter()
    for status in statuses:
        counts[status] += 1
    return counts
