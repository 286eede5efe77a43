UPDATE patients SET zip = ? WHERE id = ? RETURNING id, ssn
