SELECT full_name FROM 'patients' p
