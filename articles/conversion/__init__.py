"""Page files as they arrive → page text laid out like a .txt page.

Plain Python (no Django), like `articles.extraction`: `page_convert(file_name, data)`
tells the format by the file's first bytes and its extension, converts an e-paper
or news page (HTML), a print page or notice with a text layer (PDF) or a Word
document (DOCX) to the text the extractor reads — headline lines, ——subtitles,
date/source lines, paragraphs between blank lines, articles three blank lines
apart — and hands a .txt page to `decode_page` unchanged. A file it cannot read
raises `ConversionError` with a Chinese message saying why (the importer puts the
file's name in front).
"""

from .convert import FORMATS, ConversionError, ConvertedPage, page_convert, page_format, supported_suffixes

__all__ = ["FORMATS", "ConversionError", "ConvertedPage", "page_convert", "page_format", "supported_suffixes"]
