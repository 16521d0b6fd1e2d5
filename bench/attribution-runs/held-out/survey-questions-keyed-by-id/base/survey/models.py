from dataclasses import dataclass, field


@dataclass
class Question:
    id: str
    text: str
    kind: str  # "choice", "scale" or "text"
    choices: list = field(default_factory=list)
    required: bool = True


@dataclass
class Survey:
    title: str
    questions: list

    def question(self, qid):
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)


def load_survey(data: dict) -> Survey:
    return Survey(title=data["title"], questions=[Question(**q) for q in data["questions"]])
