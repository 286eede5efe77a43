SELECT (ssn FROM patients
