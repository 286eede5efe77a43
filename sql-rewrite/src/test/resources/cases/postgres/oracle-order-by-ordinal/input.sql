SELECT ssn, id FROM patients ORDER BY 1
