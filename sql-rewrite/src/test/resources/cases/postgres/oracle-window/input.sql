SELECT id, rank() OVER (PARTITION BY zip ORDER BY dob) FROM patients
