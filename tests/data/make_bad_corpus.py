"""Writes the bad-input corpus in tests/data/bad/ (run it again to rebuild it).

    .venv/bin/python tests/data/make_bad_corpus.py

Every file is derived from one seed page (fixtures/pages/) or written out here,
so the corpus is reproducible byte for byte. Inputs too big to commit (the 50 MB
page) are made by the tests themselves, in a temporary folder. MANIFEST.json
says, for each file, what it is and what the importer must do with it:

- "imports": imports, and gives the same articles as the clean UTF-8 page
  named in "same_as" (when given);
- "refused": refused with a message naming the file, leaving the database as
  it was;
- "imports_or_refused": either is acceptable, but never a crash, never a
  half-stored file.

Spreadsheets (kind "sheet") go through the django-import-export resource named
in "resource"; their row errors must name the line.
"""

from __future__ import annotations

import csv
import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "bad"
SEED = HERE.parent.parent / "fixtures" / "pages" / "004_f2ca3be17ee54044.txt"

# A unit the sheet tests create first; rows naming it are valid.
KNOWN_UNIT = "菏泽市文明办"
VOLUNTEER_HEADERS = [
    "编号",
    "单位",
    "服务时长（小时）",
    "服务人次",
    "志愿者人数",
    "统计起始",
    "统计截止",
    "统计期间（原文）",
]

# Characters outside GBK that GB18030 encodes in four bytes (a rare surname, CJK Ext. A and B).
BEYOND_GBK = "䶮㵘𠮷"

SCRIPT_TITLE = '<script>alert("标题")</script><b>牡丹区</b>志愿者&nbsp;服务'
SCRIPT_BODY = (
    "本报讯(牡丹晚报全媒体记者 张三) 3月5日,牡丹区文明办组织<img src=x onerror=alert(1)>志愿者"
    "开展学雷锋志愿服务活动<script>alert(1)</script>,共有120名志愿者参加,服务时长360小时。"
)


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def page(title: str, *paragraphs: str) -> str:
    """A page of one article laid out like the seeds: blank lines around the title."""
    return "\n\n" + title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def png_bytes() -> bytes:
    """A real 2x2 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\x00\xff\x00" * 2)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def zip_bytes(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("page.txt", date_time=(2024, 3, 13, 0, 0, 0))
        archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def csv_bytes(rows: list[list[str]], *, encoding: str = "utf-8", line_end: str = "\n") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _zip_fixed_times(buffer.getvalue())


def _zip_fixed_times(data: bytes) -> bytes:
    # openpyxl stamps the current time into the archive and docProps; fix both so
    # that rebuilding the corpus gives the same bytes.
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                for tag in ("dcterms:created", "dcterms:modified"):
                    start = text.find(f"<{tag}")
                    if start != -1:
                        begin = text.index(">", start) + 1
                        end = text.index(f"</{tag}>", begin)
                        text = text[:begin] + "2024-03-13T00:00:00Z" + text[end:]
                content = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 3, 13, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return buffer.getvalue()


def build() -> dict[str, tuple[bytes, dict]]:
    text = seed_text()
    files: dict[str, tuple[bytes, dict]] = {}

    def add(name: str, data: bytes, **meta) -> None:
        files[name] = (data, meta)

    # -- page files ---------------------------------------------------------------------
    add(
        "seed_utf8.txt",
        text.encode("utf-8"),
        kind="page",
        expect="imports",
        about="the clean page the others derive from",
    )
    add("empty.txt", b"", kind="page", expect="refused", about="zero bytes")
    add(
        "whitespace_only.txt",
        " \t\n\r\n\u3000\u3000\n\n   \n".encode(),
        kind="page",
        expect="refused",
        about="spaces, tabs, ideographic spaces and line breaks only",
    )
    add("image.png", png_bytes(), kind="page", expect="refused", about="a PNG image")
    add("image_named_txt.txt", png_bytes(), kind="page", expect="refused", about="a PNG image saved as .txt")
    add("archive.zip", zip_bytes(text), kind="page", expect="refused", about="a ZIP archive holding a page")
    add("archive_named_txt.txt", zip_bytes(text), kind="page", expect="refused", about="a ZIP archive saved as .txt")
    add("gbk.txt", text.encode("gbk"), kind="page", expect="imports", same_as="seed_utf8.txt", about="the page in GBK")
    gb18030_text = text.replace("郭保存主持会议", f"郭保存、王{BEYOND_GBK}主持会议", 1)
    assert gb18030_text != text
    add(
        "gb18030.txt",
        gb18030_text.encode("gb18030"),
        kind="page",
        expect="imports",
        contains=f"王{BEYOND_GBK}",
        about="the page in GB18030, with characters GBK lacks (four-byte sequences)",
    )
    add(
        "utf16.txt",
        text.encode("utf-16"),
        kind="page",
        expect="imports_or_refused",
        same_as="seed_utf8.txt",
        about="the page in UTF-16 with a byte-order mark (Windows Notepad's 'Unicode')",
    )
    add(
        "utf16le_no_bom.txt",
        text.encode("utf-16-le"),
        kind="page",
        expect="imports_or_refused",
        same_as="seed_utf8.txt",
        about="the page in UTF-16LE without a byte-order mark",
    )
    half = len(text) // 2
    add(
        "mixed_encodings.txt",
        text[:half].encode("utf-8") + text[half:].encode("gbk"),
        kind="page",
        expect="imports_or_refused",
        about="first half UTF-8, second half GBK",
    )
    add(
        "utf8_bom.txt",
        b"\xef\xbb\xbf" + text.encode("utf-8"),
        kind="page",
        expect="imports",
        same_as="seed_utf8.txt",
        about="UTF-8 with a byte-order mark",
    )
    add(
        "crlf.txt",
        text.replace("\n", "\r\n").encode("utf-8"),
        kind="page",
        expect="imports",
        same_as="seed_utf8.txt",
        about="Windows line ends",
    )
    add(
        "cr_only.txt",
        text.replace("\n", "\r").encode("utf-8"),
        kind="page",
        expect="imports_or_refused",
        about="old Mac line ends (CR only)",
    )
    add(
        "truncated_utf8.txt",
        text.encode("utf-8")[:-1],
        kind="page",
        expect="imports_or_refused",
        about="a download cut off in the middle of the last character",
    )
    sentence = "菏泽市文明办组织志愿者开展学雷锋志愿服务活动，共服务群众两千余人次；"
    long_line = (sentence * (100_000 // len(sentence) + 1))[:100_000]
    add(
        "long_line.txt",
        page("志愿服务连连看", long_line).encode("utf-8"),
        kind="page",
        expect="imports_or_refused",
        about="an article whose body is one line of 100,000 characters",
    )
    html = (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>牡丹晚报</title>'
        "<script>window.location='http://example.com/'</script></head>\n<body>\n"
        "<h1>牡丹区开展学雷锋志愿服务活动</h1>\n"
        "<p>本报讯 3月5日,牡丹区文明办组织志愿者开展学雷锋志愿服务活动,服务时长360小时。</p>\n"
        "</body></html>\n"
    )
    add(
        "html_instead_of_text.txt",
        html.encode("utf-8"),
        kind="page",
        expect="imports_or_refused",
        about="a saved web page",
    )
    controls = text.replace("郭保存指出", "郭保存\x00指\x07出\x1b[31m", 1).replace(
        "会议现场", "会议\x0c现场\x7f\u200b", 1
    )
    add(
        "control_characters.txt",
        controls.encode("utf-8"),
        kind="page",
        expect="imports_or_refused",
        about="NUL, BEL, ESC, form feed, DEL and a zero-width space inside the text",
    )
    add(
        "impossible_dates.txt",
        page(
            "牡丹区召开创建全国文明城市推进会",
            "2024年13月40日",
            "本报讯(牡丹晚报全媒体记者 张三) 2024年13月40日,牡丹区召开创建全国文明城市推进会。"
            "2023年2月30日,牡丹区文明办组织志愿者开展志愿服务活动,服务时长120小时。",
        ).encode("utf-8"),
        kind="page",
        expect="imports_or_refused",
        about="dates that do not exist: 2024年13月40日, 2023年2月30日",
    )
    add(
        "absurd_figures.txt",
        page(
            "牡丹区志愿服务成绩单",
            "本报讯(牡丹晚报全媒体记者 张三) 去年以来,牡丹区文明办志愿服务时长-5小时。"
            "今年以来,牡丹区团委志愿服务时长−8小时。"
            "近年来,牡丹区妇联累计志愿服务时长1000000000000小时,服务群众99999999999999人次。"
            "牡丹区文明办注册志愿者-300人。",
        ).encode("utf-8"),
        kind="page",
        expect="imports_or_refused",
        stores_no_figures=True,
        about="negative (−5 with a hyphen, −8 with a minus sign) and absurd (10^12) hours, person-times, head counts",
    )
    add(
        "markup_in_text.txt",
        page(SCRIPT_TITLE, SCRIPT_BODY).encode("utf-8"),
        kind="page",
        expect="imports_or_refused",
        about="<script> and other markup in a title and body (the escaping tests use it)",
    )

    # -- spreadsheets (campaigns.resources.VolunteerRecordResource) ----------------------
    good_row = ["", KNOWN_UNIT, "120", "300", "40", "2024-01-01", "2024-03-31", "今年一季度"]
    sheet = dict(kind="sheet", resource="campaigns.resources.VolunteerRecordResource")
    add(
        "volunteer_ok.csv",
        csv_bytes([VOLUNTEER_HEADERS, good_row]),
        **sheet,
        format="csv",
        expect="imports",
        about="a valid sheet (the baseline)",
    )
    add(
        "volunteer_excel_utf8_bom_crlf.csv",
        b"\xef\xbb\xbf" + csv_bytes([VOLUNTEER_HEADERS, good_row], line_end="\r\n"),
        **sheet,
        format="csv",
        expect="imports",
        about="Excel's 'CSV UTF-8': byte-order mark and CRLF",
    )
    add(
        "volunteer_gbk.csv",
        csv_bytes([VOLUNTEER_HEADERS, good_row], encoding="gbk", line_end="\r\n"),
        **sheet,
        format="csv",
        expect="imports_or_refused",
        about="Excel's plain 'CSV' on a Chinese Windows: GBK",
    )
    add("empty.csv", b"", **sheet, format="csv", expect="refused", about="zero bytes")
    add(
        "unknown_unit.csv",
        csv_bytes([VOLUNTEER_HEADERS, good_row, ["", "不存在的单位", "10", "", "", "", "", ""]]),
        **sheet,
        format="csv",
        expect="refused",
        bad_line=2,
        about="line 2 names a unit that is not in the registry",
    )
    add(
        "impossible_dates.csv",
        csv_bytes([VOLUNTEER_HEADERS, good_row, ["", KNOWN_UNIT, "10", "", "", "2024年13月40日", "", ""]]),
        **sheet,
        format="csv",
        expect="refused",
        bad_line=2,
        about="line 2: 统计起始 2024年13月40日",
    )
    add(
        "negative_hours.csv",
        csv_bytes([VOLUNTEER_HEADERS, good_row, ["", KNOWN_UNIT, "-5", "", "", "", "", ""]]),
        **sheet,
        format="csv",
        expect="refused",
        bad_line=2,
        about="line 2: −5 hours",
    )
    add(
        "absurd_hours.csv",
        csv_bytes([VOLUNTEER_HEADERS, good_row, ["", KNOWN_UNIT, "1000000000000", "", "", "", "", ""]]),
        **sheet,
        format="csv",
        expect="refused",
        bad_line=2,
        about="line 2: 10^12 hours",
    )
    add(
        "words_for_hours.csv",
        csv_bytes([VOLUNTEER_HEADERS, good_row, ["", KNOWN_UNIT, "很多", "", "", "", "", ""]]),
        **sheet,
        format="csv",
        expect="refused",
        bad_line=2,
        about="line 2: hours written in words",
    )
    add("image_named.csv", png_bytes(), **sheet, format="csv", expect="refused", about="a PNG image saved as .csv")
    xlsx_ok = xlsx_bytes([VOLUNTEER_HEADERS, good_row])
    add("volunteer_ok.xlsx", xlsx_ok, **sheet, format="xlsx", expect="imports", about="a valid workbook (the baseline)")
    add(
        "truncated.xlsx",
        xlsx_ok[: len(xlsx_ok) // 2],
        **sheet,
        format="xlsx",
        expect="refused",
        about="a workbook cut off halfway",
    )
    add(
        "wrong_headers.xlsx",
        xlsx_bytes([["名字", "数量", "日期"], [KNOWN_UNIT, 120, "2024-01-01"]]),
        **sheet,
        format="xlsx",
        expect="refused",
        about="a workbook whose headers are not the resource's",
    )
    add(
        "absurd_hours.xlsx",
        xlsx_bytes([VOLUNTEER_HEADERS, good_row, ["", KNOWN_UNIT, 10**12, None, None, None, None, None]]),
        **sheet,
        format="xlsx",
        expect="refused",
        bad_line=2,
        about="row 2: 10^12 hours as a number cell",
    )
    add(
        "text_named.xlsx",
        "单位,服务时长（小时）\n菏泽市文明办,120\n".encode(),
        **sheet,
        format="xlsx",
        expect="refused",
        about="a CSV saved with an .xlsx name",
    )
    return files


def main() -> None:
    OUT.mkdir(exist_ok=True)
    files = build()
    manifest = {}
    for name, (data, meta) in sorted(files.items()):
        (OUT / name).write_bytes(data)
        manifest[name] = meta
    (OUT / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(files)} files to {OUT}")


if __name__ == "__main__":
    main()
