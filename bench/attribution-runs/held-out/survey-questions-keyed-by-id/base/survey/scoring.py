def satisfaction(survey, responses: list) -> float:
    """Mean of every scale answer, over all responses, to one decimal."""
    values = [r[q.id] for r in responses for q in survey.questions if q.kind == "scale" and isinstance(r.get(q.id), int)]
    if not values:
        return 0.0
    return round(sum(values) / len(values), 1)


def choice_counts(survey, responses: list) -> dict:
    counts = {}
    for q in survey.questions:
        if q.kind != "choice":
            continue
        counts[q.id] = {c: sum(1 for r in responses if r.get(q.id) == c) for c in q.choices}
    return counts
