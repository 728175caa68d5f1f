"""`make test-fast` puts this folder on PYTHONPATH: in every Python process of the fast tier
(pytest, its xdist workers and each `python -m riskkit` a test starts) a WeasyPrint render
and a pexpect session raise instead of running.

So the fast tier cannot quietly grow slow again: a test that renders a PDF or drives a
pseudo-terminal without the `render` or `e2e` marker (tests/conftest.py adds them for the
fixtures that render) fails there with a message saying which marker it needs. Importing
WeasyPrint stays allowed (riskkit's URL fetcher subclasses WeasyPrint's); only a render is
refused. Nothing here is part of riskkit.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

REFUSED = {
    "weasyprint": (("HTML", "render"), ("HTML", "write_pdf")),
    "pexpect": (("spawn", None),),
}

MESSAGES = {
    "weasyprint": "a WeasyPrint render in the fast tier: mark the test (or its fixture, "
                  "see tests/helpers.py `renders`) `render`",
    "pexpect": "a pexpect session in the fast tier: mark the test `e2e`",
}


def _refuse(module: str) -> Callable[..., Any]:
    def refused(*_args: object, **_kwargs: object) -> Any:
        raise RuntimeError(MESSAGES[module])

    return refused


class _Guard(importlib.abc.MetaPathFinder):
    """Lets the module load as usual, then replaces the refused callables."""

    def find_spec(self, name: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> Any:
        if name not in REFUSED:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        load = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            load(module)
            for owner, attribute in REFUSED[name]:
                if attribute is None:
                    setattr(module, owner, _refuse(name))
                else:
                    setattr(getattr(module, owner), attribute, _refuse(name))

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


sys.meta_path.insert(0, _Guard())
