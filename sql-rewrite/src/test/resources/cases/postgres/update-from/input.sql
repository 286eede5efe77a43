UPDATE visits v SET diagnosis = p.full_name FROM patients p WHERE p.id = v.patient_id
