"""Stand-in for the book's flags3_asyncio.py: the flag, then the country's name from
metadata.json, each request holding the semaphore on its own; saved as the name."""

import asyncio
import json

from flags2_asyncio import get
from flags2_common import Status, main, save, tally


async def download_one(cc, base_url, semaphore, verbose) -> Status:
    base = f'{base_url}/{cc.lower()}'
    try:
        async with semaphore:
            status, image = await asyncio.wait_for(get(f'{base}/{cc.lower()}.gif'), 3.1)
        if status != 200:
            return Status.NOT_FOUND if status == 404 else Status.ERROR
        async with semaphore:
            status, metadata = await asyncio.wait_for(get(f'{base}/metadata.json'), 3.1)
        if status != 200:
            return Status.ERROR
    except (OSError, asyncio.TimeoutError):
        return Status.ERROR
    country = json.loads(metadata)['country'].replace(' ', '_')
    await asyncio.to_thread(save, image, f'{country}.gif')
    return Status.OK


async def supervisor(cc_list, base_url, verbose, concur_req):
    semaphore = asyncio.Semaphore(concur_req)
    to_do = [download_one(cc, base_url, semaphore, verbose) for cc in cc_list]
    return tally([await coro for coro in asyncio.as_completed(to_do)])


def download_many(cc_list, base_url, verbose, concur_req):
    return asyncio.run(supervisor(cc_list, base_url, verbose, concur_req))


if __name__ == '__main__':
    main(download_many, 5, 1000)
