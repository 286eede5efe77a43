SELECT coalesce(email, 'none') AS contact FROM patients
