SELECT lower(full_name) AS n FROM patients
