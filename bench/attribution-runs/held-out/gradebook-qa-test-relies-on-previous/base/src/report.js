const LETTERS = [
  [90, 'A'],
  [80, 'B'],
  [70, 'C'],
  [60, 'D'],
];

export function letter(average) {
  for (const [min, grade] of LETTERS) if (average >= min) return grade;
  return 'F';
}

export function reportCard(book) {
  return book.students().map((student) => {
    const average = book.average(student);
    return { student, average: Math.round(average * 10) / 10, letter: letter(average) };
  });
}
