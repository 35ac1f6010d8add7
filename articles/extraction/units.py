"""Organisations and places: finding their names, resolving them, telling who acts.

Recognition works on jieba tokens. A name ends with a unit suffix (局, 办公室,
大学, 街道 …, see data/unit_suffixes.tsv) and reaches left over name-like tokens
to its leftmost *anchor*: a region (菏泽市, 鲁西新区), an abbreviation of one
(市, 团市委), a proper noun (the dictionary tags it ns/nt/nz/nr/j, or jieba had to
guess it), or a registered unit. A name without an anchor (党员志愿服务队,
文明创建办公室) is generic and not a unit.

Resolution turns a surface form into the canonical name staff would file it
under, using the article's region context: 市委办公室 in a Heze article is
菏泽市委办公室, 市检察院 is 菏泽市人民检察院; a registered unit's alias resolves
to the registered name, never to a new unit.

The stages have modules of their own: unit_lexicon (the words names are made of,
the compiled lexicon), unit_grammar and unit_names (finding names), unit_regions
(the regions inside a name), region_context (what 市 and 区 mean in an article),
unit_resolution (canonical names) and unit_merging (one unit, one name, per page).
Code outside the package imports the compiled lexicon from here.
"""

from __future__ import annotations

from .unit_lexicon import compile_lexicon

__all__ = ["compile_lexicon"]
