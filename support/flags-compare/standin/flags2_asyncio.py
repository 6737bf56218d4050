"""Stand-in for the book's flags2_asyncio.py: coroutines on one event loop, bounded by a
semaphore, speaking HTTP/1.1 over asyncio streams (the standard library has no async HTTP
client; the book uses httpx)."""

import asyncio
from urllib.parse import urlsplit

from flags2_common import Status, main, save, tally


async def get(url: str) -> tuple[int, bytes]:
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
    writer.write(f'GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n'
                 'Connection: close\r\n\r\n'.encode())
    head, _, body = (await reader.read()).partition(b'\r\n\r\n')
    writer.close()
    return int(head.split()[1]), body


async def get_flag(base_url: str, cc: str) -> tuple[int, bytes]:
    return await get(f'{base_url}/{cc.lower()}/{cc.lower()}.gif')


async def download_one(cc, base_url, semaphore, verbose) -> Status:
    try:
        async with semaphore:
            status, image = await asyncio.wait_for(get_flag(base_url, cc), 3.1)
    except (OSError, asyncio.TimeoutError):
        return Status.ERROR
    if status == 200:
        await asyncio.to_thread(save, image, f'{cc}.gif')
        return Status.OK
    return Status.NOT_FOUND if status == 404 else Status.ERROR


async def supervisor(cc_list, base_url, verbose, concur_req):
    semaphore = asyncio.Semaphore(concur_req)
    to_do = [download_one(cc, base_url, semaphore, verbose) for cc in cc_list]
    return tally([await coro for coro in asyncio.as_completed(to_do)])


def download_many(cc_list, base_url, verbose, concur_req):
    return asyncio.run(supervisor(cc_list, base_url, verbose, concur_req))


if __name__ == '__main__':
    main(download_many, 5, 1000)
