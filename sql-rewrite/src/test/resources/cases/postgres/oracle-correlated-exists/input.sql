SELECT v.id FROM visits v WHERE EXISTS (SELECT 1 FROM patients p WHERE p.id = v.patient_id AND p.zip = '02139')
