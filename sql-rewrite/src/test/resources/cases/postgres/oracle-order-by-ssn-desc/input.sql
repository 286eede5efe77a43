SELECT id FROM patients ORDER BY ssn DESC
