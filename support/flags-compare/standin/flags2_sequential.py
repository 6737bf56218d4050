"""Stand-in for the book's flags2_sequential.py: one flag after another."""

from flags2_common import Status, fetch, main, save, tally


def download_one(cc: str, base_url: str, verbose: bool = False) -> Status:
    try:
        status, image = fetch(f'{base_url}/{cc.lower()}/{cc.lower()}.gif')
    except OSError as exc:
        status, image = None, exc
    if status == 200:
        save(image, f'{cc}.gif')
        return Status.OK
    return Status.NOT_FOUND if status == 404 else Status.ERROR


def download_many(cc_list, base_url, verbose, _concur_req):
    return tally(download_one(cc, base_url, verbose) for cc in cc_list)


if __name__ == '__main__':
    main(download_many, 1, 1)
