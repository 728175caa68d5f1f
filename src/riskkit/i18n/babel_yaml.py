"""Babel extractor for riskkit's YAML content: questionnaires, risks, matrix, DPIA lists, NIST
AI RMF titles and policy packs.

Every string a person reads is yielded as ``pgettext(context, msgid)`` with the context built
by `riskkit.i18n.ctx` (the same one the code looks it up with) and a translator comment that
says what the string is and where it shows. The kind of file is recognised by its top-level
keys, so one extractor serves every file in ``questionnaires/`` and in policy packs:

=====================  =====================================================================
top-level key          contexts
=====================  =====================================================================
``sections`` (+ id)    ``questionnaire:<id>:title``; ``section:<id>:title|intro``;
                       ``question:<id>:text|help|measure|scale.min_label|scale.max_label``;
                       ``question:<id>:choice.<value>`` (choice labels; yesno has none);
                       a help, measure or label written as a list of parts (some for
                       some countries only) gets ``help.<n>``, ``measure.<n>``,
                       ``choice.<value>.<n>``, counted from 1
``roles``              ``role:<id>:label``
``risks``              ``risk:<id>:title|description``
``likelihood``         ``matrix:likelihood.<value>:label|description``
``consequence``        ``matrix:consequence.<value>:label|description``
``levels``             ``matrix:level.<id>:label``
``countries``          ``dpia:<item id>:text``; ``dpia:<country>:note|source``
``functions``          ``nist:<category id>:title``
``clauses`` (+ id)     ``policy:<pack id>:title``; ``clause:<pack id>.<clause id>:text`` and
                       ``:interpretation`` (its ``interpretation.text``)
=====================  =====================================================================

Registered as the ``riskkit_yaml`` Babel extractor (pyproject.toml entry point, babel.cfg).
Line numbers come from ``yaml.compose``, so ``#:`` references point at the string itself.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from riskkit.i18n import ctx


@dataclass(frozen=True)
class Entry:
    """One translatable string found in a YAML file."""

    lineno: int
    context: str
    msgid: str
    comment: str


def extract_yaml(
    fileobj, keywords: Collection[str], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """The Babel extractor: ``(lineno, "pgettext", (context, msgid), [comment])`` tuples."""
    data = fileobj.read()
    if isinstance(data, bytes):
        data = data.decode(options.get("encoding") or "utf-8")
    for entry in entries_from_yaml(data):
        yield entry.lineno, "pgettext", (entry.context, entry.msgid), [entry.comment]


def entries_from_yaml(text: str) -> list[Entry]:
    root = yaml.compose(text)
    if not isinstance(root, MappingNode):
        return []
    return sorted(_Walker().file(root), key=lambda entry: entry.lineno)


# --- reading composed nodes -------------------------------------------------------------------

def _mapping(node: Node | None) -> dict[str, Node]:
    if not isinstance(node, MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}


def _items(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def _text(node: Node | None) -> str | None:
    if isinstance(node, ScalarNode) and node.value.strip() and node.tag != "tag:yaml.org,2002:null":
        return node.value
    return None


def _line(node: Node) -> int:
    return node.start_mark.line + 1


class _Walker:
    def _entry(self, node: Node | None, context: str, comment: str) -> Iterator[Entry]:
        text = _text(node)
        if text is not None and node is not None:
            yield Entry(_line(node), context, text, comment)

    def _parts(
        self, node: Node | None, kind: str, ident: str, field: str, comment: str
    ) -> Iterator[Entry]:
        """A text field written as one string, or as a list of parts (riskkit.load.countries):
        part n under ``<field>.<n>``, its comment naming the countries it is shown in."""
        if not isinstance(node, SequenceNode):
            yield from self._entry(node, ctx(kind, ident, field), comment)
            return
        for n, item in enumerate(node.value, start=1):
            part = _mapping(item)
            codes = [c.value for c in _items(part.get("countries")) if isinstance(c, ScalarNode)]
            where = (
                f" Part {n}, shown only for {', '.join(codes)}: the law of that country."
                if codes else f" Part {n}, shown in every country."
            )
            yield from self._entry(
                part.get("text") if part else item, ctx(kind, ident, f"{field}.{n}"),
                comment + "." + where + " The parts are joined by a space.",
            )

    def file(self, root: MappingNode) -> Iterator[Entry]:
        top = _mapping(root)
        ident = _text(top.get("id")) or "?"
        if "sections" in top:
            yield from self._entry(
                top.get("title"), ctx("questionnaire", ident, "title"),
                f"Title of questionnaire {ident}: shown when the interview starts and on the "
                "cover of the PDF",
            )
            for section in _items(top.get("sections")):
                yield from self.section(_mapping(section))
        if "clauses" in top:
            yield from self.policy(ident, top)
        if "roles" in top:
            for role in _items(top.get("roles")):
                fields = _mapping(role)
                rid = _text(fields.get("id")) or "?"
                yield from self._entry(
                    fields.get("label"), ctx("role", rid, "label"),
                    f"Owner role {rid}: shown as the owner of risks and measures in the risk "
                    "register and the treatment plan of the PDF",
                )
        for risk in _items(top.get("risks")):
            yield from self.risk(_mapping(risk))
        for axis in ("likelihood", "consequence"):
            yield from self.scale(axis, _items(top.get(axis)))
        yield from self.levels(_items(top.get("levels")))
        yield from self.countries(_mapping(top.get("countries")))
        for function in _items(top.get("functions")):
            yield from self.nist(_mapping(function))

    # questionnaire ---------------------------------------------------------------------------

    def section(self, fields: dict[str, Node]) -> Iterator[Entry]:
        sid = _text(fields.get("id")) or "?"
        yield from self._entry(
            fields.get("title"), ctx("section", sid, "title"),
            f"Title of section {sid}: shown as a heading in the interview and in the PDF",
        )
        yield from self._parts(
            fields.get("intro"), "section", sid, "intro",
            f"Introduction to section {sid}: shown in the interview when the section starts",
        )
        for question in _items(fields.get("questions")):
            yield from self.question(sid, _mapping(question))

    def question(self, sid: str, fields: dict[str, Node]) -> Iterator[Entry]:
        qid = _text(fields.get("id")) or "?"
        qtype = _text(fields.get("type")) or ""
        yield from self._entry(
            fields.get("text"), ctx("question", qid, "text"),
            f"Question {qid} (section {sid}), shown as the question in the interview and the "
            "PDF appendix",
        )
        yield from self._parts(
            fields.get("help"), "question", qid, "help",
            f"Help text of question {qid}: shown when the person asks for help",
        )
        practice = _mapping(fields.get("practice"))
        yield from self._parts(
            practice.get("measure"), "question", qid, "measure",
            f"Measure proposed when the practice asked about in question {qid} is not in "
            "place: shown in the treatment plan and the findings of the PDF",
        )
        scale = _mapping(fields.get("scale"))
        for end, value_key, word in (("min_label", "min", "lowest"),
                                     ("max_label", "max", "highest")):
            value = _text(scale.get(value_key))
            at = f" ({value})" if value is not None else ""
            yield from self._entry(
                scale.get(end), ctx("question", qid, f"scale.{end}"),
                f"Label of the {word} value{at} of the scale in question {qid}: shown next to "
                "the scale in the interview and with the answer in the PDF appendix",
            )
        if qtype == "yesno":  # labels of yes / no / don't know come from the code
            return
        for choice in _items(fields.get("choices")):
            choice_fields = _mapping(choice)
            value = _text(choice_fields.get("value"))
            if value is None:
                continue
            yield from self._parts(
                choice_fields.get("label"), "question", qid, f"choice.{value}",
                f"Answer choice {value} of question {qid}: shown as an option in the "
                "interview and as the answer in the PDF appendix",
            )

    # risks and matrix ------------------------------------------------------------------------

    def risk(self, fields: dict[str, Node]) -> Iterator[Entry]:
        rid = _text(fields.get("id")) or "?"
        yield from self._entry(
            fields.get("title"), ctx("risk", rid, "title"),
            f"Name of risk {rid}: shown in the summary, the heat map, the risk register and "
            "the treatment plan of the PDF",
        )
        yield from self._entry(
            fields.get("description"), ctx("risk", rid, "description"),
            f"Description of risk {rid}: shown under its name in the risk register of the PDF",
        )

    def scale(self, axis: str, steps: list[Node]) -> Iterator[Entry]:
        size = len(steps)
        for step in steps:
            fields = _mapping(step)
            value = _text(fields.get("value")) or "?"
            yield from self._entry(
                fields.get("label"), ctx("matrix", f"{axis}.{value}", "label"),
                f"Risk matrix: name of {axis} {value} of {size}: shown on the heat map axis "
                "and in the risk register of the PDF",
            )
            yield from self._entry(
                fields.get("description"), ctx("matrix", f"{axis}.{value}", "description"),
                f"Risk matrix: what {axis} {value} of {size} means: shown in the method "
                "section of the PDF",
            )

    def levels(self, levels: list[Node]) -> Iterator[Entry]:
        for level in levels:
            fields = _mapping(level)
            lid = _text(fields.get("id")) or "?"
            max_score = _text(fields.get("max_score"))
            scores = f" (scores up to {max_score})" if max_score else ""
            yield from self._entry(
                fields.get("label"), ctx("matrix", f"level.{lid}", "label"),
                f"Risk level {lid}{scores}: shown on the cover, the heat map and the risk "
                "register of the PDF, and in the interview's summary",
            )

    # DPIA lists, NIST, policy packs ----------------------------------------------------------

    def countries(self, countries: dict[str, Node]) -> Iterator[Entry]:
        for country, node in countries.items():
            fields = _mapping(node)
            authority = _text(fields.get("authority")) or country
            yield from self._entry(
                fields.get("note"), ctx("dpia", country, "note"),
                f"Note on the national DPIA list of {authority} ({country}): shown with the "
                "DPIA verdict in the PDF",
            )
            yield from self._entry(
                fields.get("source"), ctx("dpia", country, "source"),
                f"Where the national DPIA list of {authority} ({country}) is published: shown "
                "as the reference of the DPIA verdict in the PDF. Keep the authority's name",
            )
            for item in _items(fields.get("items")):
                item_fields = _mapping(item)
                iid = _text(item_fields.get("id")) or "?"
                yield from self._entry(
                    item_fields.get("text"), ctx("dpia", iid, "text"),
                    f"Item {iid} of the national DPIA list of {authority} ({country}): shown "
                    "as a reason of the DPIA verdict in the PDF. Use the wording of the "
                    "authority's list in its own language where there is one",
                )

    def nist(self, function: dict[str, Node]) -> Iterator[Entry]:
        fid = _text(function.get("id")) or "?"
        for category in _items(function.get("categories")):
            fields = _mapping(category)
            cid = _text(fields.get("id")) or "?"
            yield from self._entry(
                fields.get("title"), ctx("nist", cid, "title"),
                f"NIST AI RMF 1.0 category {cid} (function {fid}), the Core's category "
                "statement: shown in the NIST AI RMF profile of the PDF",
            )

    def policy(self, pack: str, top: dict[str, Node]) -> Iterator[Entry]:
        yield from self._entry(
            top.get("title"), ctx("policy", pack, "title"),
            f"Title of policy pack {pack}: shown in the interview's choice of policy and as "
            "the heading of policy conformance in the PDF",
        )
        for clause in _items(top.get("clauses")):
            fields = _mapping(clause)
            cid = _text(fields.get("id")) or "?"
            yield from self._entry(
                fields.get("text"), ctx("clause", f"{pack}.{cid}", "text"),
                f"Clause {cid} of policy pack {pack}: shown clause by clause in the policy "
                "conformance section of the PDF",
            )
            interpretation = _mapping(fields.get("interpretation"))
            yield from self._entry(
                interpretation.get("text"), ctx("clause", f"{pack}.{cid}", "interpretation"),
                f"How the pack interprets clause {cid} of policy pack {pack} beyond the "
                "policy's words (shown under the clause in the PDF, marked as an "
                "interpretation)",
            )
