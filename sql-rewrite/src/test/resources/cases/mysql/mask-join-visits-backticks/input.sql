SELECT v.diagnosis, `p`.`zip` FROM visits v JOIN patients p ON p.id = v.patient_id
