"""Every size limit riskkit puts on what it reads, in one place (docs/limits.md says why).

Answers files and PDFs arrive from anywhere. Each limit is far above what an honest
assessment needs and low enough that the largest accepted input is scored in well under a
second and rendered in under a minute with bounded memory (bench/limits.py measures it).
"""

from __future__ import annotations

#: An answers file, in bytes of UTF-8. The texts are limited to far less (TOTAL_TEXT); the
#: rest of a file is keys and choices, a few KB. A larger file is not one a person wrote.
ANSWERS_FILE_BYTES = 1_000_000

#: How deep YAML mappings and lists may nest in an answers file. An answers file needs four
#: levels (top, answers, a multi answer's list); deep nesting only serves to exhaust the
#: parser's recursion.
ANSWERS_DEPTH = 10

#: Characters in each text field of an answers file. Header fields (`id`, `classification`)
#: are printed in every page's header, so they are short; names are one line on the cover.
META_TEXT = 200
META_SHORT = {"id": 40, "classification": 40, "country": 16}
META_LONG = {"description": 2000}
#: A text answer and a comment on one question.
ANSWER_TEXT = 2000
COMMENT_TEXT = 1000
#: Characters of all texts of one answers file together (meta, text answers, comments).
#: Layout time grows with the text: a comment at its limit on each of the ~100 questions
#: asked would be 100,000 characters, some 150 pages and minutes of rendering.
TOTAL_TEXT = 20_000
#: The answers file's `language` (a code such as ``nb`` or ``sv``).
LANGUAGE = 16

#: Bytes one compressed stream of a PDF may inflate to. riskkit's own largest stream (a font
#: or a page of a long report) is a few megabytes; a "zip bomb" of a megabyte inflates to a
#: gigabyte.
PDF_STREAM_BYTES = 64_000_000
#: Bytes all streams of one PDF may inflate to together when its structure is checked.
PDF_TOTAL_BYTES = 256_000_000
#: The embedded assessment.json (the largest accepted answers file and its result in JSON).
ATTACHMENT_BYTES = 16_000_000


def meta_limit(name: str) -> int:
    """The character limit of the answers file's ``meta.<name>``."""
    return META_SHORT.get(name, META_LONG.get(name, META_TEXT))
