UPDATE patients SET zip = '00000' WHERE id = 1
