def as_text(survey) -> str:
    lines = [survey.title, ""]
    for n, q in enumerate(survey.questions, start=1):
        mark = " *" if q.required else ""
        lines.append(f"{n}. {q.text}{mark}")
        for c in q.choices:
            lines.append(f"   [ ] {c}")
    return "\n".join(lines)


def as_markdown(survey) -> str:
    lines = [f"# {survey.title}", ""]
    for q in survey.questions:
        lines.append(f"- **{q.text}** ({q.kind})")
    return "\n".join(lines)
