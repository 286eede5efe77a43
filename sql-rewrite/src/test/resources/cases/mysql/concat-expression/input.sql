SELECT CONCAT(full_name, ssn) FROM patients
