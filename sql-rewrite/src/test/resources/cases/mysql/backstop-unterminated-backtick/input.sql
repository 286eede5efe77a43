SELECT `ssn FROM patients
