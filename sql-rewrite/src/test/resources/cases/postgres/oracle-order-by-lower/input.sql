SELECT id FROM patients ORDER BY lower(ssn)
