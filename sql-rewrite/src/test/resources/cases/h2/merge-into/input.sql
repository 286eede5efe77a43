MERGE INTO patients p USING visits v ON p.id = v.patient_id WHEN MATCHED THEN UPDATE SET notes = v.diagnosis
