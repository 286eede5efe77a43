INSERT INTO staff (id, name) SELECT id, ssn FROM patients
