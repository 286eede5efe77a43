SELECT id FROM patients WHERE id = ? FOR UPDATE
