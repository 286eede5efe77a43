SELECT v.id, (SELECT p.ssn FROM patients p WHERE p.id = v.patient_id) FROM visits v
