SELECT v.diagnosis, p.email FROM visits v LEFT JOIN patients p ON v.patient_id = p.id
