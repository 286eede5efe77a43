INSERT INTO patients (id, ssn) VALUES (?, ?) RETURNING id
