SELECT p.* FROM patients p WHERE p.id = 1
