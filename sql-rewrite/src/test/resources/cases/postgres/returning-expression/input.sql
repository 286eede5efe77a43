DELETE FROM patients WHERE id = ? RETURNING lower(ssn)
