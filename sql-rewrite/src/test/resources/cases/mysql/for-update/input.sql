SELECT id, ssn FROM patients WHERE id = ? FOR UPDATE
