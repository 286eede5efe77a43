SELECT * FROM patient_names
