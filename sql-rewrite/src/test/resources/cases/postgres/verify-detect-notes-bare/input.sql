SELECT id, notes FROM patients
