"""One organisation's assessment sheet (考核表): what it answers for, and how far along it is.

:func:`assessment` gathers the sheet (library data); :func:`render_report` writes it as a
printable, self-contained HTML page (no script, no web font, nothing fetched) or as
Markdown, in English, Simplified or Traditional Chinese. Every label from the plan or a
spreadsheet is escaped.

>>> from suchenggraph.engines.factory import open_engine
>>> from suchenggraph.resources import repo_root
>>> engine = open_engine(repo_root() / "tests" / "data" / "progress_plan.ttl")
>>> sheet = assessment(engine, "区数据局", as_of="2023-07-15")
>>> [t["number"] for t in sheet.leads], [r["number"] for r in sheet.targets]
([2, 4], [2, 6])
>>> "Data &lt;Bureau&gt; &amp; Co" in render_report(sheet, "html")
True
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

from .answers import pick
from .output import cell_text
from .progress import import_store, progress
from .progress_rule import RULES, status_word, text

__all__ = ["Sheet", "assessment", "render_report"]


@dataclass
class Sheet:
    """An organisation's sheet: ``org`` (its names), ``as_of``, the task rows it ``leads``
    and ``cooperates`` on (cooperating or responsible), the indicator rows it answers
    for (``targets``), its ``overdue`` tasks, and whether figures and task reports were
    given (``has_actuals``, ``has_tasks``)."""

    org: dict
    as_of: dt.date
    leads: list[dict]
    cooperates: list[dict]
    targets: list[dict]
    overdue: list[dict]
    has_actuals: bool
    has_tasks: bool

    def counts(self) -> dict[str, int]:
        out = {s.replace(" ", "_"): sum(r["status"] == s for r in self.targets)
               for s in ("met", "on track", "behind", "no data")}
        out["overdue"] = len(self.overdue)
        return out

    def summary(self, lang: str = "en") -> str:
        return text("summary", lang).format(**self.counts())


def assessment(engine, org: str, actuals=None, tasks=None, *, as_of=None) -> Sheet:
    """The sheet of ``org`` (a name in any script) on ``engine``'s plans.

    ``actuals`` / ``tasks`` as for :func:`suchenggraph.progress.progress`. Without
    ``tasks``, task rows carry their deadlines but no status and nothing is overdue.
    """
    who = engine.resolve(org, "organisation")
    result = progress(engine, actuals, tasks if tasks is not None else import_store(),
                      org=who, as_of=as_of)
    lead, coop = [], []
    for row in result.tasks:
        if tasks is None:
            row["overdue"] = False
        (lead if any(o["iri"] == who.iri for o in row["lead"]) else coop).append(row)
    names = {"iri": who.iri, "name_en": who.label("en"), "name_zh_hans": who.label("zh-Hans"),
             "name_zh_hant": who.label("zh-Hant")}
    return Sheet(names, result.as_of, lead, coop, result.indicators,
                 [r for r in result.tasks if r["overdue"]], actuals is not None,
                 tasks is not None)


# --------------------------------------------------------------------------- rendering


def _pick(row: dict, lang: str, prefix: str = "name") -> str:
    return pick(row, lang, prefix) or ""


def _cell(value, lang: str) -> str:
    if isinstance(value, bool):
        return text("yes" if value else "no", lang)
    return cell_text(value)


def _unit(row: dict, lang: str) -> str:
    return {"en": row.get("unit_en"), "zh-Hant": row.get("unit_zh_hant")}.get(lang) \
        or row.get("unit") or ""


def _tables(sheet: Sheet, lang: str):
    """``(heading, columns, rows of cell texts, status column index)`` for each section."""
    t = lambda key: text(key, lang)  # noqa: E731 - a short alias for the headings

    def task_rows(rows):
        out = []
        for r in rows:
            deadline = r["deadline"] or (t("ongoing") if r["basis"] == "ongoing" else "")
            written = r.get("deadline_zh_hant" if lang == "zh-Hant" else "deadline_zh_hans")
            if written and deadline and written != deadline:
                deadline = f"{deadline} ({written})"
            status = status_word(r["status"], lang) if sheet.has_tasks else ""
            if r["overdue"]:
                status = f"{status}, {t('overdue')}" if status else t("overdue")
            out.append(([_cell(r["number"], lang), _pick(r, lang), deadline, status],
                        r["status"] if sheet.has_tasks else None, r["overdue"]))
        return out

    task_cols = [t("number"), t("name"), t("deadline"), t("status")]
    targets = []
    for r in sheet.targets:
        target = "" if r["target"] is None else f"{RULES.get(r['comparator'] or '', '≥')} " \
            f"{_cell(r['target'], lang)}"
        share = "" if r["share"] is None else f"{_cell(r['share'], lang)}%"
        targets.append(([_cell(r["number"], lang), _pick(r, lang), _cell(r["year"], lang),
                         target, _cell(r["actual"], lang), _cell(r["period"], lang),
                         _unit(r, lang), _cell(r["gap"], lang), share,
                         status_word(r["status"], lang) if sheet.has_actuals else ""],
                        r["status"] if sheet.has_actuals else None, False))
    target_cols = [t("number"), t("name"), t("year"), t("target"), t("actual"), t("period"),
                   t("unit"), t("gap"), t("share"), t("status")]
    return [(t("targets"), target_cols, targets), (t("leads"), task_cols, task_rows(sheet.leads)),
            (t("cooperates"), task_cols, task_rows(sheet.cooperates)),
            (t("overdue_tasks"), task_cols, task_rows(sheet.overdue))]


_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       "Segoe UI", Arial, sans-serif; color: #1b1f24; margin: 2em auto; max-width: 60em;
       padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #c9ced6; }
p.meta { color: #555d68; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border: 1px solid #c9ced6; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.s-met { background: #d8f0dc; } .s-on-track { background: #e4eefb; }
.s-behind, .overdue { background: #f9d9d6; font-weight: bold; } .s-no-data { color: #6b7380; }
footer { margin-top: 2em; font-size: 0.85em; color: #6b7380; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               tr { break-inside: avoid; } th { background: #eef1f5 !important;
               -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""

_NUMERIC = re.compile(r"^[+-]?[\d.,]+%?$")


def _html(sheet: Sheet, lang: str) -> str:
    esc = html.escape
    name = _pick(sheet.org, lang)
    parts = [f"<!DOCTYPE html>\n<html lang=\"{esc(lang)}\">\n<head>\n<meta charset=\"utf-8\">\n"
             f"<title>{esc(text('sheet', lang))}: {esc(name)}</title>\n"
             f"<style>{_CSS}</style>\n</head>\n<body>\n"
             f"<h1>{esc(text('sheet', lang))}: {esc(name)}</h1>\n"
             f"<p class=\"meta\">{esc(text('as_of', lang))} {sheet.as_of.isoformat()} · "
             f"{esc(sheet.summary(lang))}</p>\n"]
    for heading, cols, rows in _tables(sheet, lang):
        parts.append(f"<h2>{esc(heading)}</h2>\n")
        if not rows:
            parts.append(f"<p>{esc(text('none', lang))}</p>\n")
            continue
        parts.append("<table>\n<thead><tr>" + "".join(f"<th>{esc(c)}</th>" for c in cols)
                     + "</tr></thead>\n<tbody>\n")
        for cells, status, overdue in rows:
            css = [f"s-{status.replace(' ', '-')}"] if status else []
            if overdue:
                css.append("overdue")
            attr = f" class=\"{' '.join(css)}\"" if css else ""
            tds = "".join(f"<td class=\"num\">{esc(c)}</td>" if _NUMERIC.match(c)
                          else f"<td>{esc(c)}</td>" for c in cells)
            parts.append(f"<tr{attr}>{tds}</tr>\n")
        parts.append("</tbody>\n</table>\n")
    parts.append(f"<footer>{esc(text('made_by', lang))}</footer>\n</body>\n</html>\n")
    return "".join(parts)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md_escape(value: str) -> str:
    r"""Text that Markdown shows as written (``|`` and markup characters escaped).

    >>> _md_escape("Data <Bureau> | *x*")
    'Data \\<Bureau\\> \\| \\*x\\*'
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def _markdown(sheet: Sheet, lang: str) -> str:
    name = _pick(sheet.org, lang)
    lines = [f"# {_md_escape(text('sheet', lang))}: {_md_escape(name)}", "",
             f"{_md_escape(text('as_of', lang))} {sheet.as_of.isoformat()} · "
             f"{_md_escape(sheet.summary(lang))}", ""]
    for heading, cols, rows in _tables(sheet, lang):
        lines += [f"## {_md_escape(heading)}", ""]
        if not rows:
            lines += [_md_escape(text("none", lang)), ""]
            continue
        lines.append("| " + " | ".join(_md_escape(c) for c in cols) + " |")
        lines.append("|" + "|".join("---:" if i == 0 else "---" for i in range(len(cols))) + "|")
        for cells, _status, _overdue in rows:
            lines.append("| " + " | ".join(_md_escape(c) for c in cells) + " |")
        lines.append("")
    lines += [_md_escape(text("made_by", lang)), ""]
    return "\n".join(lines)


def render_report(sheet: Sheet, fmt: str = "html", lang: str = "en") -> str:
    """The sheet as a page: ``fmt`` ``html`` (printable, offline) or ``md`` (Markdown)."""
    if fmt == "html":
        return _html(sheet, lang)
    if fmt == "md":
        return _markdown(sheet, lang)
    raise ValueError(f"unknown report format {fmt!r}")
