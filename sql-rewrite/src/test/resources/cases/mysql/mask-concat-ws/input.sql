SELECT CONCAT_WS(',', full_name, ssn) FROM patients
