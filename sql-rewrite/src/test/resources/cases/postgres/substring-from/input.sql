SELECT substring(ssn FROM 1 FOR 3) FROM patients
