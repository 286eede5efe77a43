SELECT v.diagnosis, p.ssn FROM visits v LEFT JOIN patients p ON p.id = v.patient_id
