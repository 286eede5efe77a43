UPDATE patients SET zip = ? WHERE id = ? LIMIT 1
