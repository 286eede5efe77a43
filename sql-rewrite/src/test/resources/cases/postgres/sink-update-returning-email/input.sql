UPDATE patients SET id = id WHERE id = 1 RETURNING id, email
