SELECT CAST(ssn AS text) || '-' || email FROM patients
