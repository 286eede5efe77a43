INSERT INTO staff (id, name) SELECT id, email FROM patients
