SELECT id FROM patients garbage garbage
