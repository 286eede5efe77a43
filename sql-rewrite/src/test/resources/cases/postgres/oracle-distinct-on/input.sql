SELECT DISTINCT ON (ssn) id FROM patients
