"""Imported once by the fork server that starts import workers (articles.parallel).

Loading jieba's dictionary and our additions to it takes a second of CPU; done
here, every worker forked from the server starts with them loaded (shared, copy
on write) instead of loading its own. No Django here either.
"""

from articles.extraction import segment

segment.tokenizer()
