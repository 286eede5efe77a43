SELECT HEX(ssn) FROM patients
