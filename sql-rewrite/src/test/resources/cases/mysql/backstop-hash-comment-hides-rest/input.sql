SELECT id FROM staff # ; SELECT ssn FROM patients
