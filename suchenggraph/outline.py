"""What the extractor recognised in a file, as data: for a person to check the reading
against the document in a minute (``suchenggraph outline``), and for the build report.

Quotes are given as the file writes them (Traditional stays Traditional).

>>> from suchenggraph.extract import parse_document, SAMPLE
>>> doc = outline(parse_document(SAMPLE))
>>> [(p["title"], p["tasks"], p["clauses"], p["organisations"]) for p in doc["plans"]]
[('样例行动计划', 1, 1, 3)]
>>> print(format_outline(doc).splitlines()[6])
        task 1  L9  培育企业
"""

from __future__ import annotations

from .records import Document, Plan, Span
from .text import normalise_width, to_traditional

__all__ = ["outline", "format_outline", "plan_summary", "written"]


def written(plan: Plan, hans: str, span: Span | None = None) -> str:
    """``hans`` (Simplified, as parsed) in the script of the file: the file's own characters
    where it stands in ``span`` (or anywhere in the file), else converted."""
    if plan.script != "zh-Hant" or not hans:
        return hans
    text = plan.text_hans
    at = text.find(hans, span.start, span.end) if span else text.find(hans)
    if at < 0:
        at = text.find(hans)
    if at >= 0:
        return normalise_width(plan.text_orig[at: at + len(hans)])
    return to_traditional(hans)


def _date(d) -> str | None:
    return f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}" if d else None


def _organisations(plan: Plan) -> list[str]:
    seen: dict[str, None] = {}
    for task in plan.tasks:
        for c in task.clauses:
            for name in c.leads + c.cooperating + c.responsible:
                seen.setdefault(name, None)
    for row in plan.indicators + plan.platforms:
        for name in row.leads:
            seen.setdefault(name, None)
    return list(seen)


def plan_summary(plan: Plan) -> dict:
    """The plan's identity and counts: what ``build`` reports for each plan it found."""
    return {
        "index": plan.index + 1,
        "title": written(plan, plan.title),
        "doc_number": written(plan, plan.doc_number) if plan.doc_number else None,
        "issuer": written(plan, plan.issuer) if plan.issuer else None,
        "date": _date(plan.date),
        "period": list(plan.period) if plan.period else None,
        "tasks": len(plan.tasks),
        "clauses": sum(len(t.clauses) for t in plan.tasks),
        "organisations": len(_organisations(plan)),
        "indicators": len(plan.indicators),
        "platforms": len(plan.platforms),
    }


def _clause(plan: Plan, c) -> dict:
    def names(xs):
        return [written(plan, n, c.span) for n in xs]

    return {
        "line": c.span.line if c.span else None,
        "lead": names(c.leads),
        "cooperating": names(c.cooperating),
        "responsible": names(c.responsible),
        "deadline": written(plan, c.deadline, c.span) if c.deadline else None,
        "due": c.due.isoformat() if c.due else None,
        "ongoing": c.ongoing,
    }


def outline(document: Document) -> dict:
    """Everything recognised, in file order: the notice, then per plan its sections,
    areas, 专栏 boxes, tasks (with each clause), measures and annex tables."""
    out: dict = {"notice": None, "plans": [],
                 "warnings": [{"line": line, "message": m} for line, m in document.warnings]}
    if document.notice is not None:
        n = document.notice
        first = document.plans[0]
        out["notice"] = {"line": n.span.line, "title": written(first, n.title, n.span),
                         "doc_number": n.doc_number and written(first, n.doc_number, n.span),
                         "issuer": n.issuer and written(first, n.issuer, n.span),
                         "date": _date(n.date)}
    for plan in document.plans:
        items: list[dict] = []
        for s in plan.sections:
            kind = "box" if s.key.startswith("box-") else "section"
            depth = 3 if kind == "box" else s.key.count(".") + 1
            items.append({"kind": kind, "line": s.span.line, "depth": depth,
                          "label": written(plan, s.label, s.span),
                          "title": written(plan, s.title, s.span)})
        for a in plan.areas:
            items.append({"kind": "area", "line": a.span.line, "depth": 2, "number": a.number,
                          "title": written(plan, a.title, a.span)})
        for m in plan.measures:
            items.append({"kind": "measure", "line": m.span.line, "depth": 2,
                          "number": m.number, "title": written(plan, m.title, m.span)})
        for t in plan.tasks:
            items.append({"kind": "task", "line": t.span.line, "depth": 3, "key": t.key,
                          "number": t.number, "area": t.area,
                          "title": written(plan, t.title, t.span),
                          "clauses": [_clause(plan, c) for c in t.clauses]})
        if plan.indicators:
            items.append({"kind": "indicators", "line": plan.indicators[0].span.line,
                          "depth": 1, "count": len(plan.indicators)})
        if plan.platforms:
            items.append({"kind": "platforms", "line": plan.platforms[0].span.line,
                          "depth": 1, "count": len(plan.platforms)})
        order = {"section": 0, "box": 0, "area": 1, "measure": 1, "task": 2,
                 "indicators": 3, "platforms": 3}
        items.sort(key=lambda x: (x["line"], order[x["kind"]]))
        summary = plan_summary(plan)
        summary["items"] = items
        summary["warnings"] = [{"line": line, "message": m} for line, m in plan.warnings]
        out["plans"].append(summary)
    return out


def _roles(c: dict) -> str:
    parts = []
    for role in ("lead", "cooperating", "responsible"):
        if c[role]:
            parts.append(f"{role}: {'、'.join(c[role])}")
    if c["deadline"]:
        when = c["due"] or ("ongoing" if c["ongoing"] else "no date")
        parts.append(f"deadline: {c['deadline']} ({when})")
    return " · ".join(parts)


def _period(period) -> str:
    if not period:
        return "period not given"
    return str(period[0]) if period[0] == period[1] else f"{period[0]}-{period[1]}"


def format_outline(doc: dict) -> str:
    """The outline as indented text with line numbers (``L12``)."""
    lines = []
    if doc["notice"]:
        n = doc["notice"]
        lines.append(f"notice  L{n['line']}  {n['title']}")
        facts = [x for x in (n["doc_number"], n["issuer"], n["date"]) if x]
        if facts:
            lines.append("  " + " · ".join(facts))
    for p in doc["plans"]:
        period = _period(p["period"])
        lines.append(f"plan {p['index']}  {p['title'] or '(no title)'}")
        lines.append("  " + " · ".join(x for x in (p["doc_number"], period, p["issuer"],
                                                     p["date"]) if x))
        for it in p["items"]:
            pad = "  " * (it["depth"] + 1)
            if it["kind"] == "section":
                label = it["label"]
                if label.startswith("附件"):
                    lines.append(f"{pad}{label} {it['title']}  L{it['line']}")
                elif it["depth"] == 1:
                    lines.append(f"{pad}{label}、{it['title']}  L{it['line']}")
                else:
                    sub = label[label.index("("):] if "(" in label else label
                    lines.append(f"{pad}{sub}{it['title']}  L{it['line']}")
            elif it["kind"] == "box":
                lines.append(f"{pad}{it['label']} {it['title']}  L{it['line']} (box)")
            elif it["kind"] == "area":
                lines.append(f"{pad}area {it['number']}  L{it['line']}  {it['title']}")
            elif it["kind"] == "measure":
                lines.append(f"{pad}measure {it['number']}  L{it['line']}  {it['title']}")
            elif it["kind"] == "task":
                lines.append(f"{pad}task {it['key']}  L{it['line']}  {it['title']}")
                for c in it["clauses"]:
                    lines.append(f"{pad}  clause L{c['line']}  {_roles(c)}")
            else:
                lines.append(f"{pad}{it['kind']}: {it['count']}  L{it['line']} (annex table)")
        for w in p["warnings"]:
            lines.append(f"  warning L{w['line']}: {w['message']}")
        lines.append(f"  = {p['tasks']} tasks, {p['clauses']} clauses, "
                     f"{p['organisations']} organisations")
    for w in doc["warnings"]:
        lines.append(f"warning L{w['line']}: {w['message']}")
    return "\n".join(lines)
