CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  customer TEXT NOT NULL,
  total_cents INTEGER NOT NULL,
  issued_at TEXT NOT NULL,
  paid_at TEXT
);
