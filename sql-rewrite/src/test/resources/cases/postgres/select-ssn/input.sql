SELECT ssn FROM patients
