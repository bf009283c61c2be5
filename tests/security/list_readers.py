"""Reading the rows a list response shows, for test_list_scope.py: the ids or NIPs in its links
(every page followed), a row's stable ``data-nip``, an export's column, the API's JSON (every page).
Each reader is ``(world, client, url) -> set of row keys``."""

import csv
import io
import re

import openpyxl
from django.urls import reverse

MARK = "918273645"  # stands for the id in a link reversed once


def get(client, url, *, status=200):
    response = client.get(url)
    assert response.status_code == status, f"{url}: {response.status_code}"
    return response


def pages(client, url):
    """The HTML of every page of a paginated list (its ?page= links followed)."""
    first = get(client, url).content.decode()
    last = max((int(n) for n in re.findall(r"[?&;]page=(\d+)", first)), default=1)
    joiner = "&" if "?" in url else "?"
    return [first, *(get(client, f"{url}{joiner}page={n}").content.decode() for n in range(2, last + 1))]


def linked(html, name, prefix=""):
    """The argument (an id or a NIP) of every link to ``name``; ``prefix`` tells kinds apart."""
    head, tail = reverse(name, args=[MARK]).split(MARK)
    return {prefix + value for value in re.findall(re.escape(head) + r"(\d+)" + re.escape(tail), html)}


def data_nips(html):
    return set(re.findall(r'data-nip="(\d+)"', html))


def html_links(name, *, prefix=""):
    def rows(world, client, url):
        return set().union(*(linked(html, name, prefix) for html in pages(client, url)))

    return rows


def html_nips(world, client, url):
    return set().union(*(data_nips(html) for html in pages(client, url)))


def api_rows(key):
    def rows(world, client, url):
        found = set()
        while url:
            data = get(client, url).json()
            found |= {str(item[key]) for item in data["results"]}
            url = data["next"]
        return found

    return rows


def column(header):
    """The cells under ``header`` of the first sheet of an XLSX download."""

    def rows(world, client, url):
        sheet = openpyxl.load_workbook(io.BytesIO(get(client, url).content), read_only=True).worksheets[0]
        table = list(sheet.iter_rows(values_only=True))
        index = [str(cell).strip().lower() for cell in table[0]].index(header.lower())
        return {str(row[index]) for row in table[1:] if row[index] not in (None, "")}

    return rows


def employee_export(world, client, url):
    """The XLSX and the CSV list the same NIPs."""
    xlsx = column("nip")(world, client, url)
    text = get(client, f"{url}{'&' if '?' in url else '?'}format=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    index = [cell.strip().lower() for cell in rows[0]].index("nip")
    assert {row[index] for row in rows[1:]} == xlsx, "the CSV and the XLSX list different people"
    return xlsx


def combined(*readers):
    def rows(world, client, url):
        return set().union(*(reader(world, client, url) for reader in readers))

    return rows


def cascade_names(world, client, url):
    names = set()
    for unit in ("a", "b"):  # the unit is the reader's choice: another unit's RHK stay out of sight
        html = get(client, f"{url}?tahun=2026&unit={world.units[unit].pk}").content.decode()
        names |= set(re.findall(r'class="cascade-who">([^<]+)<', html))
    return names & {person.name for person in world.people.values()}  # (a goal's line names its unit)


def need_rows(world, client, url):
    """The proposals listed (a team member's has no withdraw button: known by its text, unique in
    the world)."""
    html = get(client, url).content.decode()
    listed = html.split('<ul class="need-list">', 1)[-1].split("</ul>", 1)[0]
    by_text = {o.text: str(o.pk) for (_, k), o in world.objects.items() if k == "need"}
    return {by_text.get(text, text) for text in re.findall(r"<strong>([^<]+)</strong>", listed)}


def card_ids(world, client, url):
    """The employee of each card (``id="pegawai-<pk>"``)."""
    return set(re.findall(r'<section class="card" id="pegawai-(\d+)"', get(client, url).content.decode()))


def notice_ids(world, client, url):
    """The notices listed: each one's "mark as read" form posts its id."""
    return {f"notice:{n}" for n in re.findall(r'name="id" value="(\d+)"', get(client, url).content.decode())}
