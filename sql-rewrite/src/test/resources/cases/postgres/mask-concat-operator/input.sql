SELECT full_name || ' <' || email || '>' FROM patients
