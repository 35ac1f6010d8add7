"""Reading a sheet uploaded to the admin's import page (django-import-export).

The library reports a file it cannot read with the exception's class name in
English ("'BadZipFile' encountered while trying to read file"). Our formats say
in Chinese what is wrong with the file, and SheetImportMixin puts that under the
upload field together with the file's name. The CSV format also reads the GBK
that Excel's plain "CSV" writes on a Chinese Windows, besides UTF-8.
"""

from __future__ import annotations

import csv
import zipfile

from import_export.formats.base_formats import CSV, XLSX

from core.formats import CSVWithBOM

# The first bytes of files people pick by mistake.
SIGNATURES = (
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"%PDF", "PDF 文档"),
    (b"\xd0\xcf\x11\xe0", "旧版 Excel（.xls）或 Word（.doc）文件"),
    (b"PK\x03\x04", "压缩包（XLSX 工作簿、Word 文档或 ZIP）"),
    (b"Rar!", "RAR 压缩包"),
)
# UTF-8 first (Excel's "CSV UTF-8", with or without its byte-order mark), then
# GB18030, the superset of the GBK and GB2312 Excel writes on a Chinese Windows.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class SheetReadError(Exception):
    """What is wrong with an uploaded file, in Chinese, for the person who sent it."""


def _what_it_is(data: bytes) -> str | None:
    for signature, name in SIGNATURES:
        if data.startswith(signature):
            # A blank between Chinese and Latin letters, as Chinese typesetting has it.
            return f" {name}" if name[:1].isascii() else name
    return None


def _require_rows(dataset):
    if not dataset.headers and not len(dataset):
        raise SheetReadError("文件中没有内容")
    if not len(dataset):
        raise SheetReadError("文件中只有表头，没有数据行")
    return dataset


class CSVSheet(CSV):
    """CSV read as bytes and decoded here, so that a wrong encoding or a binary
    file is reported as such rather than as a UnicodeDecodeError."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        data = in_stream.encode() if isinstance(in_stream, str) else bytes(in_stream)
        kind = _what_it_is(data)
        if kind == "压缩包（XLSX 工作簿、Word 文档或 ZIP）":
            raise SheetReadError("这不是 CSV 文本，而是压缩包，可能是 XLSX 工作簿：请在“格式”中选 xlsx")
        if kind:
            raise SheetReadError(f"这不是 CSV 文本，而是{kind}")
        if b"\x00" in data:
            raise SheetReadError("这不是 CSV 文本（含有二进制内容），请在 Excel 中另存为“CSV UTF-8”后上传")
        for encoding in CSV_ENCODINGS:
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise SheetReadError("无法识别文件的编码（既不是 UTF-8 也不是 GBK），请在 Excel 中另存为“CSV UTF-8”后上传")
        try:
            dataset = super().create_dataset(text, **kwargs)
        except csv.Error as error:
            raise SheetReadError(f"CSV 格式有误（{error}）") from error
        return _require_rows(dataset)


class XLSXSheet(XLSX):
    def create_dataset(self, in_stream):
        data = bytes(in_stream)
        if not data.startswith(b"PK\x03\x04"):
            kind = _what_it_is(data)
            if kind and kind.startswith("旧版"):
                raise SheetReadError("这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 工作簿后上传")
            if kind:
                raise SheetReadError(f"这不是 XLSX 工作簿，而是{kind}")
            raise SheetReadError("这不是 XLSX 工作簿，可能是改了扩展名的 CSV 或文本文件：CSV 请在“格式”中选 csv")
        try:
            dataset = super().create_dataset(data)
        except (zipfile.BadZipFile, EOFError) as error:
            raise SheetReadError(
                "XLSX 工作簿已损坏或不完整（可能下载或复制时被截断），请在 Excel 中重新保存后上传"
            ) from error
        except (KeyError, StopIteration) as error:
            raise SheetReadError("这个压缩包不是 XLSX 工作簿，或工作簿中没有工作表") from error
        except Exception as error:
            # openpyxl raises many kinds of errors on a malformed workbook.
            raise SheetReadError(
                f"无法读取 XLSX 工作簿（{type(error).__name__}），请在 Excel 中重新保存后上传"
            ) from error
        return _require_rows(dataset)


SHEET_FORMATS = {CSV: CSVSheet, CSVWithBOM: CSVSheet, XLSX: XLSXSheet}


class SheetImportMixin:
    """For an ImportMixin admin: our formats, and read errors in Chinese naming the file."""

    def get_import_formats(self):
        return [SHEET_FORMATS.get(import_format, import_format) for import_format in super().get_import_formats()]

    def add_data_read_fail_error_to_form(self, form, e):
        name = form.cleaned_data["import_file"].name
        if isinstance(e, SheetReadError):
            problem = str(e)
        else:
            problem = f"读取时出错（{type(e).__name__}），请确认所选格式与文件一致"
        form.add_error("import_file", f"无法导入文件“{name}”：{problem}。")
