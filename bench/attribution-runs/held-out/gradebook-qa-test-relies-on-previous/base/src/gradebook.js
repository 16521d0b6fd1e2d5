export function createGradebook() {
  const scores = new Map();
  return {
    add(student, score) {
      if (!Number.isFinite(score) || score < 0 || score > 100) throw new RangeError(`score out of range: ${score}`);
      scores.set(student, [...(scores.get(student) ?? []), score]);
    },
    scores(student) {
      return [...(scores.get(student) ?? [])];
    },
    students() {
      return [...scores.keys()].sort();
    },
    replace(student, list) {
      scores.set(student, [...list]);
    },
    average(student) {
      const list = scores.get(student) ?? [];
      if (list.length === 0) return undefined;
      return list.reduce((a, b) => a + b, 0) / list.length;
    },
  };
}
