SELECT p.ssn, p.id FROM patients p WHERE p.id = ?
