UPDATE patients SET full_name = 'X' WHERE id = 1
