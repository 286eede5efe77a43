SELECT id FROM patients WHERE full_name IN ('Ann Smith', 'Bob Jones')
