INSERT INTO staff (id, name) SELECT id, full_name FROM patients
