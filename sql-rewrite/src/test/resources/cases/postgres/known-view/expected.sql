SELECT full_name FROM patient_names
