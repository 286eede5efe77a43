SELECT id FROM visits WHERE patient_id IN (SELECT id FROM patients WHERE ssn LIKE '1%')
