SELECT id FROM staff WHERE id IN (SELECT id FROM patient_names)
