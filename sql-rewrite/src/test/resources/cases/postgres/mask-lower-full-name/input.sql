SELECT lower(full_name) FROM patients
