SELECT TRIM(BOTH ' ' FROM full_name) FROM patients
