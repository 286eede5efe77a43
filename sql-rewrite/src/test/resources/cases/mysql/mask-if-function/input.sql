SELECT IF(ssn IS NULL, 'none', ssn) FROM patients
