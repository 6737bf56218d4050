"""Stand-in for the book's flags2_threadpool.py: a pool of concur_req threads."""

from concurrent.futures import ThreadPoolExecutor, as_completed

from flags2_common import main, tally
from flags2_sequential import download_one


def download_many(cc_list, base_url, verbose, concur_req):
    with ThreadPoolExecutor(max_workers=concur_req) as executor:
        futures = [executor.submit(download_one, cc, base_url, verbose) for cc in cc_list]
        return tally(f.result() for f in as_completed(futures))


if __name__ == '__main__':
    main(download_many, 30, 1000)
