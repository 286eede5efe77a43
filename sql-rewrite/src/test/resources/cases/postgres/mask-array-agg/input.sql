SELECT array_agg(email) FROM patients
