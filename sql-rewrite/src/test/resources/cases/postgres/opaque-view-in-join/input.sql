SELECT n.full_name, v.diagnosis FROM patient_names n JOIN visits v ON v.patient_id = n.id
