SELECT p.mrn, v.diagnosis FROM patients p JOIN visits v ON v.patient_id = p.id
