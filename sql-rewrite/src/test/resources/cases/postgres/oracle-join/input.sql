SELECT a.id FROM patients a JOIN patients b ON a.ssn = b.ssn
