SELECT p.id, x.diagnosis FROM patients p, LATERAL (SELECT v.diagnosis FROM visits v WHERE v.patient_id = p.id) x
