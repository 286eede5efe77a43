SELECT ssn, row_number() OVER (ORDER BY id) FROM patients
